"""A town's plain-language summary: four to six sentences from its key figures
(``profile.key_figures``), each claim marked so the page check can hold it against its figure.

Nothing here formats HTML: ``townreport`` presents the sentences.
"""

from __future__ import annotations

from monotowns.data import towns

from . import profile, texts

T = texts.t


def summary(town: str, lang: str) -> list[str]:
    """The plain-language summary: 4-6 sentences from the key figures and the article."""
    return [x.text(lang) for x in summary_sentences(town, lang)]


def summary_sentences(town: str, lang: str) -> list[profile.Sentence]:
    """The summary's sentences, every number in them a ``Claim`` naming its cells. The
    population change is the one the two printed populations give; where Table 6 prints
    another, a sentence says so (never the contradicted value alone)."""
    name = texts.town_name(town, lang)
    kfs = {kf.measure: kf for kf in profile.key_figures(town)}
    out: list[profile.Sentence] = []

    def c(value: str, spec: str) -> profile.Claim:
        return profile.Claim(value, spec)

    p = kfs.get(profile.POPULATION)
    ch = profile.population_change(town)
    if p is not None:
        r, n = p.rank
        base = {
            "town": name,
            "pop": c(profile.num(p.value, lang), f"cell T6 population {town} 2021"),
            "r": c(str(r), f"rank T6 population {town} 2021"),
            "n": str(n),
        }
        if ch is not None and not ch["base_misprinted"] and round(ch["value"], 1) != 0:
            phrase = T(
                "town_chg_more" if ch["value"] > 0 else "town_chg_fewer",
                lang,
                v=profile.pct(abs(round(ch["value"], 1)), lang),
            )
            base["chg"] = c(phrase, f"change T6 population {town} 2017 2021")
            base["pop17"] = c(profile.num(ch["p2017"], lang), f"cell T6 population {town} 2017")
            out.append(profile.Sentence("town_sum_pop_change", base))
        else:
            out.append(profile.Sentence("town_sum_pop_only", base))
        if ch is not None and ch["printed"] is not None and (ch["base_misprinted"] or not ch["agrees"]):
            printed = c(profile.signed_pct(ch["printed"], lang), f"cell T6 population_change_pct {town}")
            if ch["base_misprinted"]:
                pop17 = c(profile.num(ch["p2017"], lang), f"cell T6 population {town} 2017")
                out.append(profile.Sentence("town_sum_pop_misprint", {"pop17": pop17, "printed": printed}))
            else:
                out.append(profile.Sentence("town_sum_pop_printed", {"printed": printed}))
    flag = profile.population_flag(town)
    misprinted = ch is not None and ch["base_misprinted"]  # said above: no second sentence on that figure
    if flag is not None and not misprinted:
        out.append(
            profile.Sentence(
                "town_sum_flag",
                {
                    "p2014": c(profile.num(flag["p2014"], lang), f"cell A1 population {town} 2014"),
                    "p2017": c(profile.num(flag["p2017"], lang), f"cell T6 population {town} 2017"),
                },
            )
        )
    elif towns.town(town)["karaganda8"] != "true":
        a1 = profile.cell(profile.Measure("A1", "population", 2014, "", "", 27), town)
        if a1 is not None:
            out.append(
                profile.Sentence(
                    "town_sum_pop2014", {"p2014": c(profile.num(a1["value"], lang), f"cell A1 population {town} 2014")}
                )
            )
    u = kfs.get(profile.UNEMPLOYMENT)
    if u is not None:
        r, n = u.rank
        cmp = T(profile.cmp_key(u.value, u.compare), lang, nat=profile.pct(u.compare, lang))
        out.append(
            profile.Sentence(
                "town_sum_unemp",
                {
                    "u": c(profile.pct(u.value, lang), f"cell T6 unemployment_rate_pct {town} 2021"),
                    "cmp": c(cmp, f"cmp T6 unemployment_rate_pct {town} 2021 national_unemployment"),
                    "r": c(str(r), f"rank T6 unemployment_rate_pct {town} 2021"),
                    "n": str(n),
                },
            )
        )
    w = kfs.get(profile.WAGE)
    if w is not None:
        r, n = w.rank
        out.append(
            profile.Sentence(
                "town_sum_wage",
                {
                    "y": str(w.year),
                    "w": c(profile.num(w.value, lang), f"cell T11 avg_monthly_nominal_wage {town} {w.year}"),
                    "sm": c(profile.num(w.compare, lang), f"cell T11 subsistence_minimum {town} {w.year}"),
                    "r": c(str(r), f"rank T11 avg_monthly_nominal_wage {town} {w.year}"),
                    "n": str(n),
                },
            )
        )
    wear, loss = kfs.get(profile.WEAR), kfs.get(profile.LOSS_SHARE)
    if wear is not None:
        parts = {
            "wear": c(profile.pct(wear.value, lang), f"cell T14 fixed_assets_wear {town} 2021"),
            "r": c(str(wear.rank[0]), f"rank T14 fixed_assets_wear {town} 2021"),
            "n": str(wear.rank[1]),
        }
        if loss is not None:
            parts["loss"] = c(profile.pct(loss.value, lang), f"cell T13 loss_making_share_pct {town} 2021")
        out.append(profile.Sentence("town_sum_wear" if loss is not None else "town_sum_wear_only", parts))
    if w is None:  # the towns outside Karaganda: what the article says of them
        pot, spec = profile.text_cell("A1", town, "economic_potential"), profile.text_cell("A1", town, "specialisation")
        if pot and spec:
            out.append(
                profile.Sentence(
                    "town_sum_potential",
                    {
                        "pot": texts.source_text("A1", "value_raw", pot["text"], lang).lower(),
                        "spec": texts.source_text("A1", "value_raw", spec["text"], lang).lower(),
                    },
                )
            )
        pr = profile.projects(town)
        if pr:
            first = pr[0]
            name_p = texts.source_text("T7", "value_raw", first["name"], lang)
            if first["jobs"] is not None:
                jobs = c(profile.num(first["jobs"], lang), f"cell T7 jobs_created_1 {town}")
                out.append(profile.Sentence("town_sum_project", {"project": name_p, "jobs": jobs}))
    return out

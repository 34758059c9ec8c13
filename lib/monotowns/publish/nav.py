"""The site's shape: where every page lives, what it is called in each language, and the header
every HTML page carries (a way home, breadcrumbs, the same page in the other languages, and a
contents menu: chapters, towns by oblast, teaching, data and audit).

Pages (paths relative to the outputs folder)::

    index.html, index-ru.html, index-en.html     the landing page, one per language
    reports/<lang>/<chapter>.html                 chapter reports
    towns/<lang>/<town>.html                      town reports
    teaching/<lang>/<town>-student.html           teaching versions for students (linked)
    teaching/instructor/<lang>/<town>-instructor.html  the instructor's (with every answer; not
                                                  linked from the site: the course pack holds them)
    teaching/pack/monotowns-teaching-<lang>.zip   the course pack (run_all.py --teaching-pack)

Every link is relative, so the site works from any folder, offline, without a server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath

from monotowns.data import towns
from monotowns.data.context import landing_page
from monotowns.report import items, texts

T = texts.t
#: Which folder holds which kind of page.
FOLDERS = {"reports": "chapter", "towns": "town", "teaching": "teaching"}


landing = landing_page  # the landing page's file name in a language (data.context)


def chapter_title(chapter: str, lang: str) -> str:
    """A chapter's title from the catalogue; a notebook that is not one of the dissertation's
    chapters (one a user or a test adds) is called by its file name."""
    if chapter not in chapters():
        return chapter
    return T(f"{items.chapter_key(chapter)}_title", lang)


def teaching_title(name: str, lang: str) -> str:
    """``temirtau-student`` → "Temirtau — student's version"."""
    town, _, version = name.rpartition("-")
    return T(f"site_teaching_{version}", lang, town=texts.town_name(town, lang))


def chapters() -> list[str]:
    return list(items.chapters())


@lru_cache(maxsize=8)
def _rank(lang: str) -> dict[str, int]:
    return {ch: i for i, ch in enumerate(T("collation_alphabet", lang))}


def collate(s: str, lang: str) -> tuple:
    """A sort key in the language's alphabetical order (the catalogue's ``collation_alphabet``:
    Kazakh қ after к, not after я as in code-point order); other characters by code point."""
    rank = _rank(lang)
    return tuple((1, rank[c]) if c in rank else (0, ord(c)) for c in s.lower())


def towns_by_oblast(lang: str) -> list[tuple[str, list[dict]]]:
    """(oblast name, towns): oblasts and towns in the language's alphabetical order."""
    groups: dict[str, list[dict]] = {}
    for t in towns.registry():
        groups.setdefault(t[f"oblast_{lang}"], []).append(t)
    return [
        (ob, sorted(ts, key=lambda t: collate(t[f"name_{lang}"], lang)))
        for ob, ts in sorted(groups.items(), key=lambda kv: collate(kv[0], lang))
    ]


def page_title(rel: PurePosixPath, lang: str) -> str:
    """The title of a report page from its path."""
    folder, stem = rel.parts[0], PurePosixPath(rel.name).stem
    if folder == "reports":
        return chapter_title(stem, lang)
    if folder == "towns":  # a town outside the registry (``run_all.py --inputs``): its file name
        return texts.town_name(stem, lang) if stem in towns.town_ids() else stem
    return teaching_title(stem, lang)


def header(rel: str | PurePosixPath, lang: str) -> dict:
    """The header of the page at ``rel`` (relative to the outputs folder): ``home``, ``langs``
    (the same page in every language), ``crumbs`` and the contents ``menu``, every link
    relative to the page."""
    rel = PurePosixPath(rel)
    up = "../" * (len(rel.parts) - 1)
    home = up + landing(lang)
    is_landing = len(rel.parts) == 1
    if is_landing:
        others = {o: landing(o) for o in texts.LANGS}
    else:
        others = {o: f"../{o}/{rel.name}" for o in texts.LANGS}
    crumbs = [{"text": T("site_home", lang), "href": None if is_landing else home}]
    if not is_landing:
        folder, stem = rel.parts[0], PurePosixPath(rel.name).stem
        section = {
            "reports": ("site_chapters", "chapters"),
            "towns": ("site_towns", "towns"),
            "teaching": ("site_teaching", "teaching"),
        }[folder]
        crumbs.append({"text": T(section[0], lang), "href": f"{home}#{section[1]}"})
        if folder == "towns" and stem in towns.town_ids():
            crumbs.append({"text": texts.oblast_name(stem, lang), "href": None})
        crumbs.append({"text": page_title(rel, lang), "href": None})

    def item(target: str, text: str) -> dict:
        return {"text": text, "href": up + target, "current": target == str(rel)}

    menu = [
        {
            "title": T("site_chapters", lang),
            "items": [item(f"reports/{lang}/{c}.html", chapter_title(c, lang)) for c in chapters()],
        }
    ]
    for oblast, ts in towns_by_oblast(lang):
        menu.append(
            {
                "title": oblast,
                "items": [item(f"towns/{lang}/{t['city_id']}.html", t[f"name_{lang}"]) for t in ts],
            }
        )
    menu.append(
        {
            "title": T("site_more", lang),
            "items": [
                {"text": T("site_teaching", lang), "href": f"{home}#teaching", "current": False},
                {"text": T("site_data", lang), "href": f"{home}#data", "current": False},
                item(f"reports/{lang}/06_audit.html", T("nb_06_title", lang)),
                {"text": T("site_manifest", lang), "href": up + "manifest.md", "current": False},
            ],
        }
    )
    return {
        "home": home,
        "home_text": T("site_home", lang),
        "brand": "monotowns-kz",
        "langs": [
            {"code": o, "name": T("lang_name", o), "href": None if o == lang else others[o]} for o in texts.LANGS
        ],
        "crumbs": crumbs,
        "menu": menu,
        "menu_text": T("site_menu", lang),
        "crumbs_label": T("site_crumbs", lang),
    }

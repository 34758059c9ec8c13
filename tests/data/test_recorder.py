"""``data.recorder``: the data files a computation read, also through the caches that read them."""

from __future__ import annotations

from monotowns import data
from monotowns.data import context, recorder


def test_a_load_records_the_resource_s_file():
    with recorder.reading() as files:
        data.load("t14")
    # (and, when it is read first, the indicator list its rows are checked against)
    assert "tables/T14.csv" in files and files <= {"tables/T14.csv", "indicators.csv"}


def test_a_value_kept_by_data_kept_still_records_the_files_it_follows_from():
    @data.kept("t6")
    def count() -> int:
        return len(data.load("t6"))

    count()  # kept now
    with recorder.reading() as files:
        count()
    assert "tables/T6.csv" in files


def test_a_value_kept_per_data_folder_records_what_its_first_call_read():
    @context.per_data_folder
    def wear_rows() -> int:
        return len(data.load("t14"))

    with recorder.reading() as first:
        wear_rows()  # kept now: the second call reads no file
    with recorder.reading() as files:
        wear_rows()
    assert files == first and "tables/T14.csv" in files


def test_inner_and_outer_records_both_get_what_the_inner_block_read():
    with recorder.reading() as outer:
        data.load("t6")
        with recorder.reading() as inner:
            data.load("t14")
    assert "tables/T14.csv" in inner and "tables/T6.csv" not in inner
    assert {"tables/T6.csv", "tables/T14.csv"} <= outer
    with recorder.reading() as after:
        pass
    assert after == set()


def test_a_value_kept_per_data_folder_is_computed_again_when_a_file_it_read_changed(data_copy, folders):
    # a process that lives on (--watch, the build's warm processes) saw an edited table's old
    # values through the caches of the method layer (kept per data folder only)
    import os

    folders(data_dir=data_copy)
    calls = []

    @context.per_data_folder
    def wear_rows() -> int:
        calls.append(1)
        return len(data.load("t14"))

    assert wear_rows() == wear_rows() and len(calls) == 1
    t14 = data_copy / "tables" / "T14.csv"
    st = t14.stat()
    os.utime(t14, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # saved again
    wear_rows()
    assert len(calls) == 2
    wear_rows.cache_clear()
    wear_rows()
    assert len(calls) == 3

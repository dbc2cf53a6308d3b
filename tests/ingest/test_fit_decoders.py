"""The two FIT decoders give trainer the same file: fitfast (native, the ``fast`` extra) where it
accepts the file, fitdecode where it refuses or is absent, and fitdecode's salvage for damage."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from trainer.ingest.fit.decode import decode_fit, read_with_fitdecode, read_with_fitfast

FIT_FILES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "fit").glob("*.fit"))
SESSION_FIELDS = (  # what the importer reads from a session
    "sport", "sub_sport", "start_time", "timestamp", "total_timer_time", "total_elapsed_time", "total_moving_time",
    "avg_heart_rate", "max_heart_rate", "total_distance", "total_calories", "training_load_peak",
)  # fmt: skip
REFUSED_BY_FITFAST = {  # its CRC check is stricter than fitdecode's on these two old Garmin files
    "bike_garmin-edge810_hr_power-vector_2013-08-16.fit",
    "run_garmin-fr110_hr_gps_2013-02-06.fit",
}
READ_ONLY_BY_FITFAST = {"ODD_coros-pace2-bike_misaligned-field-sizes_hr_2020-10-25.fit"}  # fitdecode salvages it


def test_fitfast_is_installed_here():
    """`make` installs it on this platform; the parity below must not pass by skipping it."""
    import fitfast

    assert fitfast.__profile_version__ >= 21000


@pytest.mark.parametrize("path", FIT_FILES, ids=[p.name for p in FIT_FILES])
def test_both_decoders_give_the_same_file(path):
    fast, slow = read_with_fitfast(path), read_with_fitdecode(path)
    if path.name.startswith("CORRUPT") or path.name in REFUSED_BY_FITFAST:
        assert fast is None  # refused: decode_fit goes to fitdecode, salvage included
        assert decode_fit(path).recovered == slow.recovered and decode_fit(path).records.equals(slow.records)
        if path.name.startswith("CORRUPT"):
            assert slow.recovered and slow.sessions  # the salvage path still finds the session
        return
    assert fast is not None
    assert (fast.file_type, len(fast.sessions)) == (slow.file_type, len(slow.sessions))
    for ours, theirs in zip(fast.sessions, slow.sessions, strict=True):
        assert {k: ours.get(k) for k in SESSION_FIELDS} == {k: theirs.get(k) for k in SESSION_FIELDS}
    assert fast.records.height == slow.records.height and fast.records.equals(slow.records)
    assert (fast.resting_hr, fast.utc_offset) == (slow.resting_hr, slow.utc_offset)
    assert fast.recovered is None
    assert (slow.recovered is not None) == (path.name in READ_ONLY_BY_FITFAST)


def test_without_fitfast_every_file_goes_to_fitdecode(monkeypatch):
    monkeypatch.setitem(sys.modules, "fitfast", None)  # import fitfast now raises ImportError
    triathlon = next(p for p in FIT_FILES if p.name.startswith("triathlon"))
    assert read_with_fitfast(triathlon) is None
    assert decode_fit(triathlon).records.equals(read_with_fitdecode(triathlon).records)


def test_a_file_fitfast_chokes_on_in_any_way_goes_to_fitdecode(tmp_path):
    """Not only FitDecodeError: whatever a mangled file provokes, fitdecode decides (and salvages)."""
    source = next(p for p in FIT_FILES if p.name.startswith("run_garmin-fenix5")).read_bytes()
    cut = tmp_path / "cut.fit"
    cut.write_bytes(source[: len(source) // 2])
    assert read_with_fitfast(cut) is None
    assert decode_fit(cut).recovered and decode_fit(cut).records.height > 0


def test_a_rust_panic_in_the_fast_decoder_never_reaches_the_terminal(tmp_path, demo_sqlite_url):
    """A mangled FIT file makes fitfast's Rust code panic ("attempt to calculate the remainder with a
    divisor of zero"), which printed its text and a backtrace straight to the terminal."""
    import random

    from tests.conftest import run_trainer

    fitfast = pytest.importorskip("fitfast")  # the fast extra; without it there is no Rust to panic
    files = FIT_FILES
    rng, found = random.Random(1), None
    for _ in range(400):  # the first mangled copy that panics (the third, with this seed)
        data = bytearray(rng.choice(files).read_bytes())
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            from trainer.ingest.fit.decode import rust_panics_unsaid

            with rust_panics_unsaid():
                fitfast.parse(bytes(data), enum_names=True, datetimes=True)
                fitfast.records(bytes(data))
        except BaseException as error:  # noqa: BLE001  a Rust panic is a BaseException
            if "Panic" in type(error).__name__:
                found = bytes(data)
                break
    assert found is not None
    path = tmp_path / "mangled.fit"
    path.write_bytes(found)
    result = run_trainer("import", "fit", str(path), "--athlete", "demo-cyclist", "--db", demo_sqlite_url)
    assert (
        "panicked" not in result.stderr and "RUST_BACKTRACE" not in result.stderr and "Traceback" not in result.stderr
    )
    assert "mangled.fit" in result.stdout + result.stderr

"""``newsproof train stance --data`` takes the data root or the FNC-1 folder itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsproof.errors import InputError
from newsproof.train.stance import fnc_folder


def _fnc(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "train_bodies.csv").write_text("Body ID,articleBody\n", encoding="utf-8")
    (folder / "train_stances.csv").write_text("Headline,Body ID,Stance\n", encoding="utf-8")
    return folder


def test_fnc_folder_accepts_the_data_root_and_the_folder(tmp_path: Path) -> None:
    inner = _fnc(tmp_path / "fnc1")
    assert fnc_folder(tmp_path) == inner
    assert fnc_folder(inner) == inner


def test_fnc_folder_says_where_it_looked(tmp_path: Path) -> None:
    (tmp_path / "fnc1").mkdir()
    (tmp_path / "fnc1" / "train_bodies.csv").write_text("Body ID,articleBody\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        fnc_folder(tmp_path)
    assert err.value.code == "E113" and str(tmp_path / "fnc1") in str(err.value)

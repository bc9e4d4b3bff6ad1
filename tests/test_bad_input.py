"""Every bad input gets exit 2 and one line on stderr, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsproof.cli import main

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"


def _zip(tmp: Path) -> bytes:
    path = tmp / "a.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "hello")
    return path.read_bytes()


def _run(args: list[str], stdin: bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, input=stdin)
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\t\n  ", "empty"),
        ("image.txt", PNG, "PNG"),
        ("doc.txt", PDF, "PDF"),
        ("nul.txt", b"abc\x00\x00\x00\x00\x00\x00def" * 20, "binary"),
        ("page.html", b"<html><body><nav>Home | About</nav></body></html>", "no article text"),
        ("bad.json", b'{"title": "x"}', "no article body"),
    ],
)
def test_bad_files_exit_2_with_one_line(tmp_path: Path, name: str, payload: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    code, err = _run(["check", str(path)])
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(_zip(tmp_path))
    code, err = _run(["check", str(path)])
    assert code == 2 and "zip" in err


def test_undecodable_bytes_are_decoded_or_refused(tmp_path: Path) -> None:
    latin = "Café owner says prices rose\n\nThe café’s owner said prices rose by 5% this year.".encode("cp1252")
    path = tmp_path / "latin.txt"
    path.write_bytes(latin)
    code, err = _run(["check", "-f", "json", str(path)])
    assert code == 0, err


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Headline\n\n" + "word " * 400)
    code, err = _run(["check", "--max-bytes", "100", str(path)])
    assert code == 2 and "limit" in err


def test_missing_file() -> None:
    code, err = _run(["check", "/no/such/article.txt"])
    assert code == 2 and "no such file" in err


def test_stdin_empty() -> None:
    code, err = _run(["check", "-"], stdin=b"")
    assert code == 2 and "empty" in err


def test_refused_private_url() -> None:
    code, err = _run(["check", "http://127.0.0.1:9/article"])
    assert code == 2 and "private or local address" in err


def test_unreachable_url() -> None:
    code, err = _run(["check", "http://newsproof-test.invalid/article"])
    assert code == 2 and "cannot resolve" in err


def test_connection_refused_with_allow_private() -> None:
    code, err = _run(["check", "--allow-private", "http://127.0.0.1:9/article"])
    assert code == 2 and "cannot fetch" in err


def test_unknown_check_is_usage_error(examples: Path) -> None:
    code, err = _run(["check", "--checks", "nope", str(examples / "council_budget.txt")])
    assert code == 2 and "unknown check" in err


def test_missing_corpus_is_a_usage_error(examples: Path, tmp_path: Path) -> None:
    code, err = _run(["check", "--corpus", str(tmp_path / "none.sqlite"), str(examples / "council_budget.txt")])
    assert code == 2 and "corpus not found" in err
    assert not (tmp_path / "none.sqlite").exists()

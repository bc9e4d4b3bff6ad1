"""Batch readers: ids, formats, and bad records as error payloads (never exceptions)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsproof.article import Article
from newsproof.batch.inputs import RawDocument, count_records, input_kind, iter_records, to_article
from newsproof.config import Config
from newsproof.errors import InputError

BODY = "The council approved the budget on Monday. Officials said the plan would cost 12 million pounds."


def test_jsonl_ids_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": "x1", "title": "T", "body": BODY})
        + "\n\n{not json\n"
        + json.dumps({"title": "No id", "body": BODY})
        + "\n"
        + json.dumps({"id": 7, "title": "Int id", "body": BODY})
        + "\n"
        + json.dumps(["array"])
        + "\n",
        encoding="utf-8",
    )
    records = list(iter_records([str(path)]))
    assert [r.id for r in records] == ["x1", f"{path}:1", f"{path}:2", "7", f"{path}:4"]
    assert [r.index for r in records] == [0, 1, 2, 3, 4]
    assert isinstance(records[1].payload, InputError) and records[1].payload.code == "E106"
    assert isinstance(records[4].payload, InputError)
    article = to_article(records[0].payload, Config())
    assert article.headline_text == "T"


def test_csv_reader_and_missing_body_column(tmp_path: Path) -> None:
    good = tmp_path / "a.csv"
    good.write_text(f'id,title,body\nc1,Budget,"{BODY}\n\nSecond paragraph here."\n,Empty,\n', encoding="utf-8")
    records = list(iter_records([str(good)]))
    assert [r.id for r in records] == ["c1", f"{good}:1"]
    assert len(to_article(records[0].payload, Config()).paragraphs) == 2
    with pytest.raises(InputError):
        to_article(records[1].payload, Config())
    bad = tmp_path / "b.csv"
    bad.write_text("name,value\na,b\n", encoding="utf-8")
    [only] = list(iter_records([str(bad)]))
    assert only.id == str(bad) and isinstance(only.payload, InputError)
    assert "no body column" in only.payload.message


def test_parquet_reader(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"title": ["One", "Two"], "body": [BODY, None]}), path)
    records = list(iter_records([str(path)]))
    assert [r.id for r in records] == [f"{path}:0", f"{path}:1"]
    assert to_article(records[0].payload, Config()).headline_text == "One"
    with pytest.raises(InputError):
        to_article(records[1].payload, Config())
    assert count_records(str(path)) == 2


def test_corrupt_parquet_is_one_error_record(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    [only] = list(iter_records([str(path)]))
    assert only.id == str(path) and isinstance(only.payload, InputError)


def test_folder_of_text_and_html(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(f"Budget approved\n\n{BODY}", encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text(
        f"<html><head><title>Budget</title></head><body><article><h1>Budget</h1><p>{BODY}</p>"
        f"<p>{BODY}</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "c.bin").write_bytes(b"\x89PNG")  # not a document suffix: ignored
    (tmp_path / "d.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "e.jsonl").write_text(json.dumps({"id": "e1", "title": "T", "body": BODY}) + "\n{bad\n")
    records = list(iter_records([str(tmp_path)]))
    assert [Path(r.id).name for r in records] == ["a.txt", "d.txt", "e1", "e.jsonl:1", "b.html"]
    assert isinstance(records[0].payload, RawDocument)
    assert to_article(records[0].payload, Config()).headline_text == "Budget approved"
    with pytest.raises(InputError) as info:
        to_article(records[1].payload, Config())
    assert info.value.code == "E102"
    assert count_records(str(tmp_path)) == 5


def test_rss_feed(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title>'
        f"<item><guid>g-1</guid><title>Budget approved</title><link>https://example.org/a</link>"
        f"<description>&lt;p&gt;{BODY}&lt;/p&gt;&lt;p&gt;More text follows here.&lt;/p&gt;</description></item>"
        "<item><title>Second</title><link>https://example.org/b</link><description>Short.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    assert input_kind(str(feed)) == "feed"
    records = list(iter_records([str(feed)]))
    assert [r.id for r in records] == ["g-1", "https://example.org/b"]
    article = to_article(records[0].payload, Config())
    assert article.headline_text == "Budget approved" and len(article.paragraphs) == 2
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><item>", encoding="utf-8")
    [only] = list(iter_records([str(broken)]))
    assert isinstance(only.payload, InputError)


def test_warc(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    page = f"<html><body><article><h1>Budget approved</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in [
            ("https://example.org/a", "text/html; charset=utf-8", page.encode()),
            ("https://example.org/logo.png", "image/png", b"\x89PNG"),
            ("https://example.org/b", "text/html", b"<html><body>menu</body></html>"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    records = list(iter_records([str(path)]))
    assert [r.id for r in records] == ["https://example.org/a", "https://example.org/b"]  # the PNG is no article
    assert isinstance(records[0].payload, RawDocument)  # extracted on the worker, not while reading
    assert to_article(records[0].payload, Config()).headline_text == "Budget approved"
    with pytest.raises(InputError):
        to_article(records[1].payload, Config())
    truncated = tmp_path / "cut.warc.gz"
    truncated.write_bytes(path.read_bytes() + b"hello junk\n\n")
    cut = list(iter_records([str(truncated)]))
    assert len(cut) == 3 and isinstance(cut[-1].payload, InputError) and cut[-1].payload.code == "E112"


def test_stdin_ids_are_content_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    line = json.dumps({"title": "T", "body": BODY}).encode() + b"\n"

    class FakeStdin:
        buffer = io.BytesIO(line + line.replace(b"T", b"U", 1))

    monkeypatch.setattr("sys.stdin", FakeStdin)
    records = list(iter_records(["-"]))
    assert all(r.id.startswith("sha256:") for r in records) and records[0].id != records[1].id


def test_payload_size_limit() -> None:
    with pytest.raises(InputError) as info:
        to_article({"title": "T", "body": "word " * 100}, Config(max_bytes=100))
    assert info.value.code == "E104"
    article = Article(text="Hello world.")
    assert to_article(article, Config()) is article

"""`corpus add` readers and guarantees: feeds, WARC, folders, bad records counted, idempotent re-runs."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newsproof.corpus import open_corpus
from newsproof.corpus.ingest import add_sources, reject_reason
from newsproof.errors import InputError
from newsproof.ingest.feeds import parse_feed
from newsproof.ingest.folders import read_folder, read_jsonl
from newsproof.ingest.records import article_from_fields
from newsproof.ingest.warc import read_warc

BODY = (
    "The Lowmoor harbour council voted on Tuesday to build a ferry terminal on the east quay. "
    "It will cost about 14 million pounds and open in 2027, the council's finance chair said.\n\n"
    "Critics said the plan ignored the fishing fleet, which has used the quay for a century."
)
RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Lowmoor Gazette</title>
<item><title>Council approves ferry terminal</title><link>https://example.org/a</link>
<author>Rosa Pellow</author><pubDate>Tue, 02 Apr 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{BODY.replace(chr(10), " ")}&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://example.org/b</link><description></description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Karsk Courier</title>
<entry><title>Pass closed by snow</title><id>urn:1</id><updated>2024-01-07T09:00:00Z</updated>
<content type="html">&lt;p&gt;Heavy snow kept the Karsk pass closed for a third day on Sunday, stranding some 300 lorries on the road.&lt;/p&gt;</content></entry></feed>"""
HTML = f"<html><head><title>Ferry terminal approved</title></head><body><article><h1>Ferry terminal approved</h1><p>{BODY}</p></article></body></html>"


def _warc(path: Path, pages: list[tuple[str, str, str]], truncate: bool = False) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, ctype, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
        )
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - 40] if truncate else data)


def test_rss_and_atom_entries_become_articles() -> None:
    items = list(parse_feed(RSS.encode()))
    assert isinstance(items[0][1], InputError) is False
    article = items[0][1]
    assert article.headline_text == "Council approves ferry terminal"
    assert article.credited_source == "Lowmoor Gazette" and article.url == "https://example.org/a"
    assert isinstance(items[1][1], InputError)
    atom = list(parse_feed(ATOM.encode()))
    assert atom[0][0] == "urn:1" and "Karsk" in atom[0][1].text  # type: ignore[union-attr]


def test_corrupt_feed_is_one_error_not_a_crash() -> None:
    items = list(parse_feed(b"<rss><channel><item><title>broken"))
    assert all(isinstance(item, InputError) for _, item in items) or items
    assert next(iter(parse_feed(b"\x00\x01 not xml at all")))[1].code == "E111"  # type: ignore[union-attr]


def test_warc_reads_html_and_survives_truncation(tmp_path: Path) -> None:
    pages = [
        ("https://example.org/a", "text/html", HTML),
        ("https://example.org/img", "image/png", "x"),
        ("https://example.org/c", "text/html", HTML.replace("ferry", "bridge")),
    ]
    good = tmp_path / "good.warc.gz"
    _warc(good, pages)
    items = list(read_warc(good))
    assert [rid for rid, _ in items] == ["https://example.org/a", "https://example.org/c"]
    bad = tmp_path / "bad.warc.gz"
    _warc(bad, pages, truncate=True)
    items = list(read_warc(bad))
    assert not isinstance(items[0][1], InputError)
    assert isinstance(items[-1][1], InputError) and items[-1][1].code == "E112"


def test_folder_and_jsonl_readers(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ferry terminal approved\n\n" + BODY, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG....")
    (tmp_path / "d.jsonl").write_text(json.dumps({"title": "T", "body": BODY}) + "\nnot json\n{}\n", encoding="utf-8")
    items = list(read_folder(tmp_path))
    kinds = [type(item).__name__ for _, item in items]
    assert kinds.count("Article") == 3 and kinds.count("InputError") == 2
    assert [type(i).__name__ for _, i in read_jsonl(tmp_path / "d.jsonl")] == ["Article", "InputError", "InputError"]


def test_add_counts_added_duplicates_and_rejects_and_is_resumable(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS, encoding="utf-8")
    records = tmp_path / "records.jsonl"
    lines = [json.dumps({"title": f"Story {i}", "body": f"{BODY} Item number {i}."}) for i in range(5)]
    lines += [
        lines[0],
        "{broken",
        json.dumps({"title": "Notice", "body": "You must log in to continue reading this page."}),
    ]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = open_corpus(tmp_path / "c.sqlite", embedder=None)
    summary = add_sources(corpus, [str(records), str(feed), str(tmp_path / "missing.txt")], batch_size=2)
    assert summary.added == 6 and summary.duplicates == 1
    assert summary.rejected_total == 4  # broken JSON, log-in page, empty feed entry, missing file
    again = add_sources(corpus, [str(records), str(feed)])
    assert again.added == 0 and again.sources_done_before == [str(records), str(feed)]
    assert len(corpus) == 6


def test_reject_reason() -> None:
    assert reject_reason(article_from_fields(title="x", body="Too short.")) is not None
    assert "not an article" in (
        reject_reason(
            article_from_fields(title=None, body="This domain is expired. For renewal instructions please click here.")
        )
        or ""
    )
    assert reject_reason(article_from_fields(title="Ferry", body=BODY)) is None


@pytest.mark.parametrize("name", ["plain.json"])
def test_json_file_with_one_record(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(json.dumps({"title": "T", "body": BODY}), encoding="utf-8")
    corpus = open_corpus(tmp_path / "c.sqlite", embedder=None)
    assert add_sources(corpus, [str(path)]).added == 1
    assert gzip  # the WARC helper uses gzip through warcio

"""Stage 2 of the stance model: fine-tune all-MiniLM-L6-v2 as a 4-way cross-encoder, export int8 ONNX.

Needs torch + transformers + onnx + onnxruntime (a training environment, never the serving one); torch is
imported lazily, and the training subcommands import nothing else from the package (run this file by path
on a machine that lacks the package's other dependencies). Subcommands:

* ``prepare``: FNC-1 (+ ARC) CSVs -> ``enc.npz`` of word-piece ids built by the serving code
  (:mod:`newsproof.models.stance_model`), so training and serving see identical inputs; one id array per
  ``--max-len``. ``--split claim`` (default) holds out ~20% of the FNC-1 claims
  (:func:`newsproof.train.stance.claim_split`), ``--split body`` 20% of the bodies. CPU, ~2 min.
* ``sweep`` (GPU): trains the configs of :data:`CONFIGS` side by side (one process each; a GPU is
  mostly idle with one small model): each on the split's train part, scored on its dev part after every
  epoch, and each candidate (not the baseline) also on all FNC-1 train pairs (+ ARC). A candidate is
  chosen (``ship``) only if, at its planned last epoch, it beats the baseline's dev macro-F1 without
  losing more than 0.01 FNC score. Writes ``report.json``, ``dev_probs.npz``,
  ``chosen.full.safetensors`` and ``chosen.split.safetensors`` (fine-tuned weights without the frozen
  word-embedding table, fp16).
* ``run-one``: one config, ``--mode split`` or ``full`` (what ``sweep`` launches).
* ``export``: base model + fine-tuned weights -> ONNX (opset 17) -> int8 (dynamic, per channel).
* ``export-embedder``: the plain sentence embedder (token embeddings output) -> int8 ONNX.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

LABELS4: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
HARD_NEGATIVE_P = 0.02  # unrelated pairs the encoder is trained on: lexical P(related) at least this
WORD_EMB = "embeddings.word_embeddings.weight"
MASK_ID = 103  # [MASK] in the all-MiniLM-L6-v2 vocabulary


@dataclass(frozen=True)
class EncoderConfig:
    """One training recipe of the cross-encoder."""

    name: str
    arc: str = "none"  # ARC train pairs: "none", "related", "all" (related + hard unrelated)
    weight_power: float = 1.0  # class weights (N / 4 n_c) ** power
    lr: float = 5e-5
    epochs: int = 4
    label_smoothing: float = 0.0
    head_mask: float = 0.0  # chance that a headline piece is replaced by [MASK] in training
    max_len: int = 160
    batch_size: int = 32


BASELINE = EncoderConfig("fnc_w1")  # the recipe chosen on the body split (bundled model until the claim sweep)
CONFIGS: dict[str, EncoderConfig] = {
    c.name: c
    for c in (
        BASELINE,
        EncoderConfig("arc_w1", arc="all", epochs=3),
        EncoderConfig("arc_reg", arc="all", epochs=3, lr=3e-5, label_smoothing=0.1, head_mask=0.15),
        EncoderConfig("arc_176", arc="all", epochs=3, max_len=176),
    )
}


def prepare(
    data_dir: Path,
    arc_dir: Path | None,
    tokenizer_path: Path,
    out: Path,
    split: str = "claim",
    max_lens: tuple[int, ...] = (160,),
) -> None:
    """Build the encoder's training/dev inputs (see module docstring).

    Row ``split``: 0 train, 1 dev (every pair, easy unrelated ones too), 2 neither (claim split: headline
    and body on different sides; only in the all-data retrain). Unrelated train pairs are kept only when
    the lexical ``P(related) >= HARD_NEGATIVE_P`` (lexical stage fitted on the train part).
    """
    from tokenizers import Tokenizer

    from newsproof.evaluate.fnc import read_fnc
    from newsproof.models.stance_model import build_encoder_input, content_terms, rank_sentences, split_sentences
    from newsproof.train.stance import (
        _Featurizer,
        claim_side,
        claim_split,
        dev_body_ids,
        fit_lexical,
        related_probabilities,
    )

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.no_truncation()
    tok.no_padding()
    bodies, stances = read_fnc(data_dir / "train_bodies.csv", data_dir / "train_stances.csv")
    if split == "claim":
        held = claim_split(stances)
        sides = [claim_side(p, held) for p in stances]
    else:
        dev_ids = dev_body_ids([b for _, b, _ in stances])
        sides = [int(b in dev_ids) for _, b, _ in stances]
    feats = _Featurizer(bodies)
    lexical = fit_lexical(bodies, [p for p, s in zip(stances, sides, strict=True) if s == 0], feats)
    idf, default = lexical["idf"], lexical["default_idf"]
    sources: list[tuple[int, dict[int, str], list[tuple[str, int, str]], list[int], _Featurizer]] = [
        (0, bodies, stances, sides, feats)
    ]
    if arc_dir is not None:
        arc_bodies, arc_stances = read_fnc(arc_dir / "arc_bodies.csv", arc_dir / "arc_stances_train.csv")
        sources.append((1, arc_bodies, arc_stances, [0] * len(arc_stances), _Featurizer(arc_bodies)))
    rows: dict[str, list[Any]] = {k: [] for k in ("label", "split", "source", "p_lex", "index", "body")}
    built: dict[int, list[tuple[list[int], int]]] = {n: [] for n in max_lens}
    for source, src_bodies, pairs, src_sides, src_feats in sources:
        p_lex = related_probabilities(lexical, src_feats, pairs)
        split_cache: dict[int, list[str]] = {}
        for i, ((headline, body_id, stance), side, p) in enumerate(zip(pairs, src_sides, p_lex, strict=True)):
            if side != 1 and stance == "unrelated" and p < HARD_NEGATIVE_P:
                continue
            order = rank_sentences(content_terms(headline), src_feats.sent_terms[body_id], idf, default)
            if body_id not in split_cache:
                split_cache[body_id] = split_sentences(src_bodies[body_id])
            for n in max_lens:
                ids, seg, _ = build_encoder_input(tok, headline[:500], split_cache[body_id], order, n)
                built[n].append((ids, seg))
            for key, val in zip(rows, (LABELS4.index(stance), side, source, p, i, body_id), strict=True):
                rows[key].append(val)
    arrays: dict[str, NDArray[Any]] = {"max_lens": np.array(max_lens, dtype=np.int16)}
    for n, items in built.items():
        ids_arr = np.zeros((len(items), n), dtype=np.uint16)
        for r, (ids, _) in enumerate(items):
            ids_arr[r, : len(ids)] = ids
        arrays[f"ids{n}"] = ids_arr
        arrays[f"length{n}"] = np.array([len(ids) for ids, _ in items], dtype=np.int16)
        arrays[f"seg{n}"] = np.array([seg for _, seg in items], dtype=np.int16)
    dtypes = {"label": np.int8, "split": np.int8, "source": np.int8, "p_lex": np.float32, "index": np.int32}
    for key, vals in rows.items():
        arrays[key] = np.array(vals, dtype=dtypes.get(key, np.int64))
    np.savez_compressed(out, **arrays)


def load_data(npz: Path, max_len: int) -> dict[str, NDArray[Any]]:
    """The prepared arrays, with ``ids``/``length``/``seg`` pointing at the ``max_len`` inputs."""
    data = dict(np.load(npz))
    for key in ("ids", "length", "seg"):
        data[key] = data[f"{key}{max_len}"]
    return data


def build_classifier(base_dir: Path, n_labels: int = 4, attn: str = "eager") -> Any:
    """MiniLM encoder (weights from ``base_dir``, upcast to fp32) + mean pooling + linear head."""
    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    class MeanPoolClassifier(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, encoder: Any, n: int) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(encoder.config.hidden_size, n)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.head(self.dropout(pooled))

    config = BertConfig.from_json_file(str(base_dir / "config.json"))
    config._attn_implementation = attn
    encoder = BertModel(config, add_pooling_layer=False)
    state = {k: v.float() for k, v in load_file(str(base_dir / "model.safetensors")).items()}
    state[WORD_EMB] = state[WORD_EMB].half().float()  # training used the fp16-rounded table
    missing, _ = encoder.load_state_dict(state, strict=False)
    if missing:
        raise RuntimeError(f"missing weights: {missing}")
    torch.manual_seed(0)
    return MeanPoolClassifier(encoder, n_labels)


def _batches(data: dict[str, NDArray[Any]], rows: NDArray[Any], size: int, device: str, head_mask: float = 0.0) -> Any:
    import torch

    for start in range(0, len(rows), size):
        r = rows[start : start + size]
        width = int(data["length"][r].max())
        ids = torch.from_numpy(data["ids"][r, :width].astype(np.int64))
        pos = torch.arange(width)[None, :]
        seg = torch.from_numpy(data["seg"][r].astype(np.int64))[:, None]
        mask = (pos < torch.from_numpy(data["length"][r].astype(np.int64))[:, None]).long()
        types = (pos >= seg).long() * mask
        if head_mask > 0:  # headline pieces sit at 1 .. seg - 2
            hit = (pos >= 1) & (pos < seg - 1) & (torch.rand(ids.shape) < head_mask)
            ids = torch.where(hit, torch.full_like(ids, MASK_ID), ids)
        yield r, ids.to(device), mask.to(device), types.to(device)


def predict(model: Any, data: dict[str, NDArray[Any]], rows: NDArray[Any], device: str) -> NDArray[Any]:
    """Softmax probabilities (4-way) of ``model`` for ``rows`` of the prepared data."""
    import torch

    model.eval()
    out = []
    with torch.no_grad(), torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
        for _, ids, mask, types in _batches(data, rows, 256, device):
            out.append(torch.softmax(model(ids, mask, types).float(), -1).cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, 4), dtype=np.float32)


def dev_metrics(data: dict[str, NDArray[Any]], rows: NDArray[Any], probs: NDArray[Any]) -> dict[str, Any]:
    """Dev metrics under two related/unrelated rules, the encoder's best related class either way.

    ``serving``: as :class:`~newsproof.models.stance_model.StanceModel` (``combine = [1, 1, 0]``: lexical
    and encoder odds multiplied; encoder skipped under ``HARD_NEGATIVE_P``); ``lexical``: lexical
    ``P(related) >= 0.5`` alone.
    """
    import importlib.util

    # by file path: the training machine may lack the package's other dependencies
    spec = importlib.util.spec_from_file_location("_fnc", Path(__file__).parents[1] / "evaluate" / "fnc.py")
    assert spec is not None and spec.loader is not None
    fnc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fnc)
    gold = [LABELS4[i] for i in data["label"][rows]]
    p_lex = data["p_lex"][rows].astype(np.float64)
    q = np.clip(probs.astype(np.float64), 1e-6, 1 - 1e-6)
    lex = np.clip(p_lex, 1e-6, 1 - 1e-6)
    z = np.log(lex / (1 - lex)) + np.log((1 - q[:, 3]) / q[:, 3])
    p_serving = np.where(p_lex >= HARD_NEGATIVE_P, 1 / (1 + np.exp(-z)), p_lex)
    best = [LABELS4[int(i)] for i in np.argmax(q[:, :3], axis=1)]
    out: dict[str, Any] = {}
    for rule, p_rel in (("serving", p_serving), ("lexical", p_lex)):
        pred = [b if p >= 0.5 else "unrelated" for b, p in zip(best, p_rel, strict=True)]
        m = fnc.stance_metrics(gold, pred)
        out[rule] = {k: m[k] for k in ("fnc_score", "macro_f1", "f1_per_class")}
        if rule == "serving":
            out[rule]["confusion"] = m["confusion"]["rows_gold_cols_pred"]
    return out


def train_run(
    data: dict[str, NDArray[Any]],
    base_dir: Path,
    train_rows: NDArray[Any],
    dev_rows: NDArray[Any] | None,
    cfg: EncoderConfig,
    device: str = "cuda",
    on_epoch: Any = None,
) -> list[dict[str, Any]]:
    """Fine-tune on ``train_rows``; after each epoch score ``dev_rows`` and call
    ``on_epoch(epoch, state_dict_fp16, dev_probs_or_None, report)``. Returns the per-epoch reports."""
    import torch

    torch.manual_seed(13)
    model = build_classifier(base_dir, attn="sdpa").to(device)
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    counts = np.bincount(data["label"][train_rows], minlength=4).astype(np.float64)
    weights = (counts.sum() / (4 * np.maximum(counts, 1))) ** cfg.weight_power
    loss_fn = torch.nn.CrossEntropyLoss(
        weight=torch.tensor(weights / weights.mean(), dtype=torch.float32).to(device),
        label_smoothing=cfg.label_smoothing,
    )
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=0.01, fused=device == "cuda")
    steps = cfg.epochs * math.ceil(len(train_rows) / cfg.batch_size)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(steps - warm, 1)))
    )
    rng = np.random.default_rng(7)
    reports: list[dict[str, Any]] = []
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        t0, total = time.time(), torch.zeros((), device=device)
        for r, ids, mask, types in _batches(data, rng.permutation(train_rows), cfg.batch_size, device, cfg.head_mask):
            with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(ids, mask, types)
            loss = loss_fn(logits.float(), torch.from_numpy(data["label"][r].astype(np.int64)).to(device))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += loss.detach() * len(r)  # no per-step sync with the GPU
        rep: dict[str, Any] = {"epoch": epoch, "loss": float(total) / len(train_rows), "seconds": time.time() - t0}
        probs = None
        if dev_rows is not None:
            probs = predict(model, data, dev_rows, device)
            rep.update(dev_metrics(data, dev_rows, probs))
        reports.append(rep)
        if on_epoch is not None:
            state = {k: v.detach().half().cpu() for k, v in model.state_dict().items() if not k.endswith(WORD_EMB)}
            on_epoch(epoch, state, probs, rep)
    return reports


def select_rows(
    data: dict[str, NDArray[Any]], cfg: EncoderConfig, mode: str
) -> tuple[NDArray[Any], NDArray[Any] | None]:
    """Training rows (and dev rows in ``split`` mode) of ``cfg``: FNC-1 related + hard unrelated (+ ARC)."""
    fnc = data["source"] == 0
    keep = (data["label"] < 3) | (data["p_lex"] >= HARD_NEGATIVE_P)
    train = fnc & keep & (data["split"] == 0) if mode == "split" else fnc & keep
    if cfg.arc != "none":
        train |= (data["source"] == 1) & ((data["label"] < 3) if cfg.arc == "related" else keep)
    dev = np.flatnonzero(fnc & (data["split"] == 1)) if mode == "split" else None
    return np.flatnonzero(train), dev


def run_one(npz: Path, base_dir: Path, out: Path, cfg: EncoderConfig, mode: str, limit: int = 0) -> None:
    """Train ``cfg`` in ``mode`` (``split``: train part, dev scored; ``full``: all rows); after every epoch
    write ``{name}.{mode}.e{k}.safetensors``, a line of ``{name}.{mode}.jsonl`` and (split) dev probs."""
    import torch
    from safetensors.torch import save_file

    torch.set_num_threads(2)
    out.mkdir(parents=True, exist_ok=True)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    data = load_data(npz, cfg.max_len)
    train_rows, dev_rows = select_rows(data, cfg, mode)
    if limit:  # dry runs
        train_rows = np.sort(np.random.default_rng(0).permutation(train_rows)[:limit])
        dev_rows = dev_rows[:: max(1, len(dev_rows) // limit)] if dev_rows is not None else None
    stem = f"{cfg.name}.{mode}"

    def on_epoch(epoch: int, state: dict[str, Any], probs: NDArray[Any] | None, rep: dict[str, Any]) -> None:
        save_file(state, str(out / f"{stem}.e{epoch}.safetensors"))
        if probs is not None:
            np.save(out / f"{stem}.e{epoch}.npy", probs.astype(np.float32))
        with open(out / f"{stem}.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"rows": len(train_rows), **rep}) + "\n")
        print(json.dumps({"run": stem, **{k: v for k, v in rep.items() if k != "lexical"}}), flush=True)

    train_run(data, base_dir, train_rows, dev_rows, cfg, device, on_epoch)
    if dev_rows is not None:
        np.save(out / "dev_rows.npy", dev_rows)


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sweep(
    npz: Path,
    base_dir: Path,
    out: Path,
    names: tuple[str, ...] = tuple(CONFIGS),
    deadline_s: float = 170,
    limit: int = 0,
) -> dict[str, Any]:
    """Run :data:`CONFIGS` side by side (split runs, and full runs of the candidates), stop whatever is
    still running after ``deadline_s``, compare each candidate at its planned last epoch (or the last
    epoch both its runs reached) with the baseline, and write the report and the chosen weights."""
    t_start = time.time()
    out.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[str, subprocess.Popen[bytes]]] = []
    for name in names:
        for mode in ("split", "full") if name != BASELINE.name else ("split",):
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "run-one",
                "--data",
                str(npz),
                "--base",
                str(base_dir),
                "--out",
                str(out),
                "--config",
                name,
                "--mode",
                mode,
                "--limit",
                str(limit),
            ]
            log = open(out / f"{name}.{mode}.log", "wb")  # noqa: SIM115
            jobs.append((f"{name}.{mode}", subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)))
    while any(p.poll() is None for _, p in jobs) and time.time() - t_start < deadline_s:
        time.sleep(1.0)
    stopped = [n for n, p in jobs if p.poll() is None]
    for _, p in jobs:
        if p.poll() is None:
            p.terminate()
    for _, p in jobs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
    report: dict[str, Any] = {"configs": {}, "stopped_at_deadline": stopped,
                              "exit_codes": {n: p.returncode for n, p in jobs}}  # fmt: skip
    finals: dict[str, dict[str, Any]] = {}
    for name in names:
        cfg = CONFIGS[name]
        split_reps = _read_jsonl(out / f"{name}.split.jsonl")
        full_done = len(_read_jsonl(out / f"{name}.full.jsonl")) if name != BASELINE.name else cfg.epochs
        epoch = min(cfg.epochs, len(split_reps), full_done)
        report["configs"][name] = {"config": asdict(cfg), "split": split_reps, "full_epochs_done": full_done,
                                   "compared_epoch": epoch}  # fmt: skip
        if epoch:
            finals[name] = {"epoch": epoch, **split_reps[epoch - 1]["serving"]}
    report["final"] = finals
    base = finals.get(BASELINE.name)
    cands = [n for n in finals if n != BASELINE.name]
    chosen = max(cands, key=lambda n: finals[n]["macro_f1"], default="")
    report["chosen"] = chosen
    report["ship"] = bool(
        chosen and base and finals[chosen]["macro_f1"] > base["macro_f1"]
        and finals[chosen]["fnc_score"] >= base["fnc_score"] - 0.01
    )  # fmt: skip
    if chosen:
        e = finals[chosen]["epoch"]
        for mode in ("full", "split"):
            shutil.copy(out / f"{chosen}.{mode}.e{e}.safetensors", out / f"chosen.{mode}.safetensors")
    probs = {f"{n}_e{r['epoch']}": np.load(out / f"{n}.split.e{r['epoch']}.npy")
             for n in names for r in report["configs"][n]["split"]}  # fmt: skip
    if (out / "dev_rows.npy").exists():
        probs["dev_rows"] = np.load(out / "dev_rows.npy")
    np.savez_compressed(out / "dev_probs.npz", **probs)
    report["seconds"] = time.time() - t_start
    (out / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(json.dumps({"final": finals, "chosen": chosen, "ship": report["ship"], "stopped": stopped}), flush=True)
    return report


def _to_onnx(module: Any, out: Path, output_name: str, seq: int = 16) -> None:
    """Export ``module(input_ids, attention_mask, token_type_ids)`` to ONNX, then quantise to int8."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    module.eval()
    dummy = tuple(torch.ones((2, seq), dtype=torch.long) for _ in range(3))
    fp32 = out.with_suffix(".fp32.onnx")
    axes = {0: "batch", 1: "seq"}
    torch.onnx.export(
        module, dummy, str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=[output_name], opset_version=17, dynamo=False,
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, output_name: {0: "batch"}},
    )  # fmt: skip
    quantize_dynamic(str(fp32), str(out), per_channel=True, weight_type=QuantType.QInt8)
    fp32.unlink()


def export(base_dir: Path, weights: Path | None, out: Path) -> None:
    """Export the fine-tuned cross-encoder (``weights`` over ``base_dir``) to int8 ONNX at ``out``."""
    from safetensors.torch import load_file

    model = build_classifier(base_dir)
    if weights is not None:
        tuned = {k: v.float() for k, v in load_file(str(weights)).items()}
        missing, unexpected = model.load_state_dict(tuned, strict=False)
        if unexpected or [k for k in missing if not k.endswith(WORD_EMB)]:
            raise RuntimeError(f"weights do not match: {missing} {unexpected}")
    _to_onnx(model, out, "logits")


def export_embedder(base_dir: Path, out: Path) -> None:
    """Export the plain sentence embedder (output: token embeddings; pool in numpy) to int8 ONNX."""
    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    config = BertConfig.from_json_file(str(base_dir / "config.json"))
    config._attn_implementation = "eager"
    encoder = BertModel(config, add_pooling_layer=False)
    encoder.load_state_dict(load_file(str(base_dir / "model.safetensors")), strict=False)

    class Tokens(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    _to_onnx(Tokens(), out, "token_embeddings")


def main(argv: list[str] | None = None) -> None:
    """CLI (see module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--arc", type=Path)
    p.add_argument("--tokenizer", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--split", choices=("claim", "body"), default="claim")
    p.add_argument("--max-len", type=int, nargs="+", default=[160])
    for name in ("sweep", "run-one"):
        t = sub.add_parser(name)
        t.add_argument("--data", type=Path, required=True, help="enc.npz from `prepare`")
        t.add_argument("--base", type=Path, required=True, help="all-MiniLM-L6-v2 folder (config + safetensors)")
        t.add_argument("--out", type=Path, required=True)
        t.add_argument("--limit", type=int, default=0, help="dry run: at most this many train/dev rows")
    s = sub.choices["sweep"]
    s.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    s.add_argument("--deadline", type=float, default=170)
    r = sub.choices["run-one"]
    r.add_argument("--config", choices=list(CONFIGS), required=True)
    r.add_argument("--mode", choices=("split", "full"), required=True)
    e = sub.add_parser("export")
    e.add_argument("--base", type=Path, required=True)
    e.add_argument("--weights", type=Path)
    e.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("export-embedder")
    m.add_argument("--base", type=Path, required=True)
    m.add_argument("--out", type=Path, required=True)
    a = parser.parse_args(argv)
    if a.cmd == "prepare":
        prepare(a.data, a.arc, a.tokenizer, a.out, a.split, tuple(a.max_len))
    elif a.cmd == "sweep":
        sweep(a.data, a.base, a.out, tuple(a.configs), a.deadline, a.limit)
    elif a.cmd == "run-one":
        run_one(a.data, a.base, a.out, CONFIGS[a.config], a.mode, a.limit)
    elif a.cmd == "export":
        export(a.base, a.weights, a.out)
    else:
        export_embedder(a.base, a.out)


if __name__ == "__main__":
    main()

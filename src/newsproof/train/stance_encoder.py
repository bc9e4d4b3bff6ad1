"""Stage 2 of the stance model: fine-tune all-MiniLM-L6-v2 as a 4-way cross-encoder, export int8 ONNX.

Needs torch + transformers + onnx + onnxruntime (a training environment, never the serving one); torch is
imported lazily. Subcommands:

* ``prepare``: FNC-1 (+ ARC) CSVs -> ``enc.npz`` of word-piece ids built by the serving code
  (:mod:`newsproof.models.stance_model`), so training and serving see identical inputs. CPU, ~1 min.
* ``train`` (GPU): trains three configs on the train split (FNC with class-weight power 0.5; the same
  plus ARC related pairs; FNC with power 1.0), evaluates each epoch on the dev split (by Body ID),
  keeps the best config/epoch, then retrains that recipe on all of FNC-1 train. Writes
  ``split.safetensors``, ``full.safetensors`` (fine-tuned weights without the frozen word-embedding
  table, fp16), ``dev_probs.npz`` and ``report.json``. 222 s on one H200 (the bundled model).
* ``export``: base model + fine-tuned weights -> ONNX (opset 17) -> int8 (dynamic, per channel).
* ``export-embedder``: the plain sentence embedder (token embeddings output) -> int8 ONNX.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

LABELS4: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
HARD_NEGATIVE_P = 0.02  # unrelated pairs the encoder is trained on: lexical P(related) at least this
WORD_EMB = "embeddings.word_embeddings.weight"


def prepare(data_dir: Path, arc_dir: Path | None, tokenizer_path: Path, out: Path, max_len: int = 160) -> None:
    """Build the encoder's training/dev inputs (see module docstring)."""
    from tokenizers import Tokenizer

    from newsproof.evaluate.fnc import read_fnc
    from newsproof.models.stance_model import (
        build_encoder_input,
        content_terms,
        rank_sentences,
        split_sentences,
    )
    from newsproof.train.stance import _Featurizer, dev_body_ids, fit_lexical, related_probabilities

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.no_truncation()
    tok.no_padding()
    bodies, stances = read_fnc(data_dir / "train_bodies.csv", data_dir / "train_stances.csv")
    dev_ids = dev_body_ids([b for _, b, _ in stances])
    feats = _Featurizer(bodies)
    lexical = fit_lexical(bodies, [p for p in stances if p[1] not in dev_ids], feats)
    idf, default = lexical["idf"], lexical["default_idf"]
    sources: list[tuple[int, dict[int, str], list[tuple[str, int, str]], _Featurizer]] = [(0, bodies, stances, feats)]
    if arc_dir is not None:
        arc_bodies, arc_stances = read_fnc(arc_dir / "arc_bodies.csv", arc_dir / "arc_stances_train.csv")
        sources.append((1, arc_bodies, arc_stances, _Featurizer(arc_bodies)))
    rows: dict[str, list[Any]] = {k: [] for k in ("label", "split", "source", "p_lex", "index", "body", "seg")}
    ids_rows: list[list[int]] = []
    for source, src_bodies, pairs, src_feats in sources:
        p_lex = related_probabilities(lexical, src_feats, pairs)
        split_cache: dict[int, list[str]] = {}
        for i, ((headline, body_id, stance), p) in enumerate(zip(pairs, p_lex, strict=True)):
            dev = source == 0 and body_id in dev_ids
            if not dev and stance == "unrelated" and p < HARD_NEGATIVE_P:
                continue
            order = rank_sentences(content_terms(headline), src_feats.sent_terms[body_id], idf, default)
            if body_id not in split_cache:
                split_cache[body_id] = split_sentences(src_bodies[body_id])
            ids, seg, _ = build_encoder_input(tok, headline[:500], split_cache[body_id], order, max_len)
            ids_rows.append(ids)
            for key, val in zip(rows, (LABELS4.index(stance), int(dev), source, p, i, body_id, seg), strict=True):
                rows[key].append(val)
    ids_arr = np.zeros((len(ids_rows), max_len), dtype=np.uint16)
    for r, ids in enumerate(ids_rows):
        ids_arr[r, : len(ids)] = ids
    np.savez_compressed(
        out, ids=ids_arr, length=np.array([len(x) for x in ids_rows], dtype=np.int16),
        seg=np.array(rows["seg"], dtype=np.int16), label=np.array(rows["label"], dtype=np.int8),
        split=np.array(rows["split"], dtype=np.int8), source=np.array(rows["source"], dtype=np.int8),
        p_lex=np.array(rows["p_lex"], dtype=np.float32), index=np.array(rows["index"], dtype=np.int32),
        body=np.array(rows["body"], dtype=np.int64),
    )  # fmt: skip


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


def _batches(data: dict[str, NDArray[Any]], rows: NDArray[Any], size: int, device: str) -> Any:
    import torch

    for start in range(0, len(rows), size):
        r = rows[start : start + size]
        width = int(data["length"][r].max())
        ids = torch.from_numpy(data["ids"][r, :width].astype(np.int64))
        pos = torch.arange(width)[None, :]
        mask = (pos < torch.from_numpy(data["length"][r].astype(np.int64))[:, None]).long()
        types = ((pos >= torch.from_numpy(data["seg"][r].astype(np.int64))[:, None]).long()) * mask
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


def dev_report(data: dict[str, NDArray[Any]], rows: NDArray[Any], probs: NDArray[Any]) -> dict[str, Any]:
    """Dev metrics: lexical related/unrelated decision (P >= 0.5) + encoder's best related class."""
    import importlib.util

    # by file path: the training machine may lack the package's other dependencies
    spec = importlib.util.spec_from_file_location("_fnc", Path(__file__).parents[1] / "evaluate" / "fnc.py")
    assert spec is not None and spec.loader is not None
    fnc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fnc)
    stance_metrics = fnc.stance_metrics
    gold = [LABELS4[i] for i in data["label"][rows]]
    rel = data["p_lex"][rows] >= 0.5
    pred = [LABELS4[int(np.argmax(p[:3]))] if r else "unrelated" for p, r in zip(probs, rel, strict=True)]
    m = stance_metrics(gold, pred)
    return {k: m[k] for k in ("fnc_score", "macro_f1", "f1_per_class")}


def train_run(
    data: dict[str, NDArray[Any]],
    base_dir: Path,
    train_rows: NDArray[Any],
    dev_rows: NDArray[Any] | None,
    epochs: int,
    lr: float,
    batch_size: int = 32,
    weight_power: float = 0.5,
    stop_after: int | None = None,
    device: str = "cuda",
    log: Any = print,
) -> tuple[dict[str, Any], list[dict[str, Any]], NDArray[Any] | None]:
    """Fine-tune on ``train_rows``; returns (best state dict, per-epoch dev reports, best dev probs)."""
    import torch

    torch.manual_seed(13)
    model = build_classifier(base_dir, attn="sdpa").to(device)
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    counts = np.bincount(data["label"][train_rows], minlength=4).astype(np.float64)
    weights = (counts.sum() / (4 * np.maximum(counts, 1))) ** weight_power
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights / weights.mean(), dtype=torch.float32).to(device))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(train_rows) / batch_size)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    rng = np.random.default_rng(7)
    reports: list[dict[str, Any]] = []
    best: tuple[float, dict[str, Any], NDArray[Any] | None] = (-1.0, {}, None)
    for epoch in range(stop_after or epochs):
        model.train()
        t0, total = time.time(), 0.0
        for r, ids, mask, types in _batches(data, rng.permutation(train_rows), batch_size, device):
            with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(ids, mask, types)
            loss = loss_fn(logits.float(), torch.from_numpy(data["label"][r].astype(np.int64)).to(device))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(r)
        rep: dict[str, Any] = {"epoch": epoch + 1, "loss": total / len(train_rows), "seconds": time.time() - t0}
        probs = None
        if dev_rows is not None:
            probs = predict(model, data, dev_rows, device)
            rep.update(dev_report(data, dev_rows, probs))
        log(json.dumps(rep))
        reports.append(rep)
        score = rep.get("fnc_score", 0.0) + rep.get("macro_f1", 0.0) if dev_rows is not None else epoch
        if score > best[0]:
            state = {k: v.detach().half().cpu() for k, v in model.state_dict().items() if not k.endswith(WORD_EMB)}
            best = (score, state, probs)
    return best[1], reports, best[2]


def train(
    npz: Path,
    base_dir: Path,
    out: Path,
    epochs: int = 4,
    lr: float = 5e-5,
    deadline_s: float = 400,
    full: bool = True,
) -> None:
    """The device recipe: split runs (three configs), pick the best by dev FNC + macro-F1, then
    (``full``) retrain that config on all of FNC-1 train (``full.safetensors``)."""
    import torch
    from safetensors.torch import save_file

    t_start = time.time()
    out.mkdir(parents=True, exist_ok=True)
    logf = open(out / "train_log.txt", "a", encoding="utf-8")  # noqa: SIM115

    def log(msg: str) -> None:
        print(msg, flush=True)
        logf.write(msg + "\n")
        logf.flush()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    data = dict(np.load(npz))
    fnc, arc_rel = data["source"] == 0, (data["source"] == 1) & (data["label"] < 3)
    train_fnc = np.flatnonzero(fnc & (data["split"] == 0))
    dev_rows = np.flatnonzero(fnc & (data["split"] == 1))
    all_fnc = np.flatnonzero(fnc & ((data["label"] < 3) | (data["p_lex"] >= HARD_NEGATIVE_P)))
    arc_rows = np.flatnonzero(arc_rel)
    # name -> (use ARC related pairs, class-weight power)
    configs = {"fnc": (False, 0.5), "fnc_arc": (True, 0.5), "fnc_w1": (False, 1.0)}
    results: dict[str, Any] = {"device": device, "epochs": epochs, "lr": lr, "runs": {}}
    best_name, best_score, best_epoch = "", -1.0, epochs
    dev_probs: dict[str, NDArray[Any]] = {"dev_rows": dev_rows}
    last_run = 0.0
    for name, (use_arc, power) in configs.items():
        spent = time.time() - t_start
        if best_name and spent + 2.2 * last_run > deadline_s:
            log(f"skip {name}: {spent:.0f}s spent")
            continue
        rows = np.concatenate([train_fnc, arc_rows]) if use_arc else train_fnc
        log(f"run {name}: {len(rows)} train rows, {len(dev_rows)} dev rows")
        state, reports, probs = train_run(
            data, base_dir, rows, dev_rows, epochs, lr, weight_power=power, device=device, log=log
        )
        last_run = time.time() - t_start - spent
        top = max(reports, key=lambda r: r["fnc_score"] + r["macro_f1"])
        results["runs"][name] = reports
        assert probs is not None
        dev_probs[name] = probs
        if top["fnc_score"] + top["macro_f1"] > best_score:
            best_name, best_score, best_epoch = name, top["fnc_score"] + top["macro_f1"], top["epoch"]
            save_file(state, str(out / "split.safetensors"))
        np.savez_compressed(out / "dev_probs.npz", **dev_probs)
        (out / "report.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    results.update(chosen=best_name, chosen_epoch=best_epoch)
    log(f"chosen {best_name} epoch {best_epoch}")
    if not full:
        (out / "report.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        return
    use_arc, power = configs[best_name]
    full_rows = np.concatenate([all_fnc, arc_rows]) if use_arc else all_fnc
    state, reports, _ = train_run(
        data, base_dir, full_rows, None, epochs, lr, weight_power=power, stop_after=best_epoch,
        device=device, log=log,
    )  # fmt: skip
    save_file(state, str(out / "full.safetensors"))
    results["full"] = reports
    results["seconds"] = time.time() - t_start
    np.savez_compressed(out / "dev_probs.npz", **dev_probs)
    (out / "report.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    log(json.dumps({"chosen": best_name, "epoch": best_epoch, "seconds": results["seconds"]}))


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
    t = sub.add_parser("train")
    t.add_argument("--data", type=Path, required=True, help="enc.npz from `prepare`")
    t.add_argument("--base", type=Path, required=True, help="all-MiniLM-L6-v2 folder (config + safetensors)")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--epochs", type=int, default=4)
    t.add_argument("--lr", type=float, default=5e-5)
    t.add_argument("--deadline", type=float, default=400)
    t.add_argument("--no-full", action="store_true", help="skip the retrain on all data")
    e = sub.add_parser("export")
    e.add_argument("--base", type=Path, required=True)
    e.add_argument("--weights", type=Path)
    e.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("export-embedder")
    m.add_argument("--base", type=Path, required=True)
    m.add_argument("--out", type=Path, required=True)
    a = parser.parse_args(argv)
    if a.cmd == "prepare":
        prepare(a.data, a.arc, a.tokenizer, a.out)
    elif a.cmd == "train":
        train(a.data, a.base, a.out, a.epochs, a.lr, a.deadline, full=not a.no_full)
    elif a.cmd == "export":
        export(a.base, a.weights, a.out)
    else:
        export_embedder(a.base, a.out)


if __name__ == "__main__":
    main()

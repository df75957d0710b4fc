"""The seeded benchmark corpus: N reports on disk, each with its truth, streamed to a folder.

``generate(out, n, seed)`` writes ``reports/rNNNNNN.<ext>``, ``truth/rNNNNNN.json`` (the truth-file
shape plus ``file``, ``format``, ``variant``, ``defect``) and ``index.jsonl`` one report at a time,
then ``corpus.json`` last: a folder with a matching ``corpus.json`` is complete and is reused (the
cache is keyed by seed, size, mix and defect rate). Same arguments → identical bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.progress import Progress

from bench.defects import DEFECTS, plant
from bench.places import agencies
from bench.render import FORMATS, pdf_available, pdf_batch, render
from bench.truth import AgencySeries

log = logging.getLogger(__name__)

GENERATOR_VERSION = "2"
YEARS = (2021, 2022, 2023, 2024)
DEFAULT_MIX: dict[str, float] = {"text": 0.22, "markdown": 0.14, "html": 0.24, "html_gb18030": 0.14,
                                 "docx": 0.24, "pdf": 0.02}
PDF_BATCH = 40
PROSE_SHARE = 0.6  # reports whose prose states the headline figure (correctly, unless planted)


@dataclass
class CorpusSpec:
    """What identifies a corpus; equal specs give identical folders."""

    size: int
    seed: int = 7
    mix: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MIX))
    defect_rate: float = 0.05
    version: str = GENERATOR_VERSION

    def key(self) -> str:
        """Folder name: seed and size, plus a short hash when mix or defect rate are not the defaults."""
        base = f"s{self.seed}-n{self.size}"
        if self.mix == DEFAULT_MIX and self.defect_rate == 0.05:
            return base
        digest = hashlib.sha1(json.dumps([self.mix, self.defect_rate], sort_keys=True).encode()).hexdigest()
        return f"{base}-{digest[:8]}"


def effective_mix(mix: dict[str, float]) -> dict[str, float]:
    """The mix without PDF when LibreOffice is missing (logged), renormalised."""
    unknown = set(mix) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown corpus formats: {', '.join(sorted(unknown))}")
    out = {k: v for k, v in mix.items() if v > 0}
    if "pdf" in out and not pdf_available():
        log.warning("LibreOffice not installed: the corpus has no PDF")
        out.pop("pdf")
    s = sum(out.values())
    return {k: v / s for k, v in out.items()}


def _years(rng: random.Random) -> tuple[int, ...]:
    k = rng.choices((4, 3, 2), weights=(0.6, 0.25, 0.15))[0]
    start = rng.randint(0, len(YEARS) - k)
    return YEARS[start:start + k]


def iter_truths(spec: CorpusSpec) -> Iterator[dict]:
    """Truth reports in corpus order (agency by agency, year by year), with format and variant."""
    mix = effective_mix(spec.mix)
    names, weights = list(mix), list(mix.values())
    produced = 0
    for i, agency in enumerate(agencies(spec.size // 2 + 1, spec.seed)):
        rng = random.Random(f"corpus:{spec.seed}:{i}")
        series = AgencySeries(agency.name, agency.level, rng)
        home_format = rng.choices(names, weights)[0]
        for year in _years(rng):
            if produced >= spec.size:
                return
            report = series.report(year)
            report["province"], report["level"] = agency.province, agency.level
            if rng.random() < PROSE_SHARE:
                report["narrative"] = [{"location": "applications.new_received.total",
                                        "value": report["applications"]["new_received"]["total"]}]
            if rng.random() < spec.defect_rate:
                plant(report, rng.choice(sorted(DEFECTS)), rng)
            report["format"] = home_format if rng.random() < 0.8 else rng.choices(names, weights)[0]
            report["variant"] = rng.randrange(1 << 16)
            report["file"] = f"r{produced:06d}{FORMATS[report['format']]}"
            produced += 1
            yield report


def _manifest(out: Path) -> dict | None:
    path = out / "corpus.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def generate(out: str | Path, spec: CorpusSpec, *, progress: bool = True) -> dict:
    """Write the corpus to ``out`` unless it is already there; returns its manifest."""
    out = Path(out)
    done = _manifest(out)
    if done and done.get("spec") == asdict(spec):
        log.info("corpus %s already generated", out)
        return done
    if out.exists():
        shutil.rmtree(out)
    (out / "reports").mkdir(parents=True)
    (out / "truth").mkdir()
    formats: Counter[str] = Counter()
    defects: Counter[str] = Counter()
    size = 0
    pending_pdf: list[Path] = []
    with (out / "index.jsonl").open("w", encoding="utf-8") as index, \
            Progress(transient=True, disable=not progress) as bar:
        task = bar.add_task("generating corpus", total=spec.size)
        for report in iter_truths(spec):
            data = render(report, report["format"], report["variant"])
            target = out / "reports" / report["file"]
            if report["format"] == "pdf":
                target = target.with_suffix(".docx")
                pending_pdf.append(target)
            target.write_bytes(data)
            (out / "truth" / f"{Path(report['file']).stem}.json").write_text(
                json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
            index.write(json.dumps({k: report.get(k) for k in ("file", "format", "agency", "year", "defect")},
                                   ensure_ascii=False) + "\n")
            formats[report["format"]] += 1
            defects[report.get("defect") or "clean"] += 1
            size += len(data)
            if len(pending_pdf) >= PDF_BATCH:
                pdf_batch(pending_pdf)
                pending_pdf = []
            bar.advance(task)
        pdf_batch(pending_pdf)
    manifest = {"spec": asdict(spec), "reports": sum(formats.values()), "formats": dict(formats),
                "defects": dict(defects), "bytes_before_pdf": size}
    (out / "corpus.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def read_index(out: str | Path) -> Iterator[dict]:
    """The corpus index, one dict per report, streamed."""
    with (Path(out) / "index.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)

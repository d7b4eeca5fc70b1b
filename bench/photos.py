"""`storydesk bench photos`: the product's whole work on one photo against a naive Pillow pipeline.

The product's work on a photo is everything done to it between upload and screening: the photo check at intake
(inspect_photo: sniffing, header checks, a decode that proves the pixels are there, SHA-256 and pHash), the
public copy and thumbnail the worker makes as screening starts (make_public_copies), and screening's
image_integrity on the stored original. The naive pipeline is what one would write first: decode in full,
LANCZOS to 2048 px, save, thumbnail, save; twice, with a plain save and with the product's encoder settings
(quality 85, baseline with optimized Huffman tables), which make the same kind of file the product serves.

Photos: 12-megapixel JPEGs (4032 × 3024) of a person with a sign, with sensor-like grain so they weigh what
phones' photos weigh, and one 12-megapixel HEIC, PNG and WebP. Times: one interpreter runs the pipelines on
each photo in turn, interleaved, `--repeats` times, after one unmeasured round; the median of each is kept
and the ratio is taken within that run. Memory: each pipeline runs over the same photos in an interpreter of
its own (spawned, importing the same modules), whose peak RSS is its own; "grew" is that peak less the RSS
before the first photo. `--before DIR` runs the product's pipeline of another checkout (older code) too, in
interpreters of its own, against the same naive pipelines, so before and after compare as ratios to them.
"""
from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.memory import run_alone

# Only the standard library up here: the measuring processes import this module before anything else.
PUBLIC_SIDE, THUMB_SIDE, QUALITY = 2048, 400, 85
PHONE = (4032, 3024)  # 12 MP, as phones' main cameras take them
KINDS = ("JPEG", "HEIC", "PNG", "WebP")
PIPELINES = ("naive", "naive_same_output", "product")


def run_photos_bench(*, photos: int = 4, repeats: int = 5, before: str = "", libraries: bool = False,
                     size: tuple[int, int] = PHONE, report=print) -> dict:
    megapixels = f"{size[0] * size[1] / 1e6:.0f} MP"
    report(f"Generating {photos} {megapixels} JPEGs and one {megapixels} HEIC, PNG and WebP …")
    with tempfile.TemporaryDirectory(prefix="storydesk-bench-photos-") as folder:
        files = _write_photos(Path(folder), photos, size)
        if libraries:
            report(f"Public copy and thumbnail of the {megapixels} JPEGs by each library, interleaved, "
                   f"{repeats} rounds …")
            compared = run_alone(_compare_libraries, [str(p) for p in files["JPEG"]], repeats)
            _print_libraries(compared, report)
            return {"libraries": compared}
        roots = {"after": ""} | ({"before": str(Path(before).resolve())} if before else {})
        results: dict = {"photos": {kind: [_describe(p) for p in paths] for kind, paths in files.items()},
                         "megapixels": round(size[0] * size[1] / 1e6), "repeats": repeats,
                         "load_before": os.getloadavg()[0], "runs": {}}
        for label, root in roots.items():
            report(f"Timing naive and product ({label}) pipelines, interleaved, {repeats} rounds …")
            times = run_alone(_time_pipelines, root, {k: [str(p) for p in v] for k, v in files.items()}, repeats)
            report(f"Peak memory of each pipeline ({label}), each in a fresh interpreter …")
            memory = {pipeline: {kind: run_alone(_peak_memory, root, pipeline, [str(p) for p in paths])
                                 for kind, paths in files.items()}
                      for pipeline in PIPELINES}
            results["runs"][label] = {"root": root or "this checkout", "times": times, "memory": memory}
    _print(results, report)
    return results


# --- photos ------------------------------------------------------------------------------------------

def _write_photos(folder: Path, count: int, size: tuple[int, int]) -> dict[str, list[Path]]:
    from bench.grainy import grainy_photo
    from tests.support.samples import photos as fx

    files: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for variant in range(count):
        image = grainy_photo(variant, size, grain=7)
        files["JPEG"].append(_save(folder / f"phone-{variant}.jpg", fx.jpeg_bytes(image, quality=90)))
        if variant == 0:
            files["HEIC"].append(_save(folder / "phone.heic", fx.heic_bytes(image, quality=80)))
            files["WebP"].append(_save(folder / "phone.webp", fx.webp_bytes(image, quality=90)))
            # A PNG is a screenshot or an export, not a camera's photo: no grain (with it, 12 MP is over 20 MB).
            files["PNG"].append(_save(folder / "phone.png", fx.png_bytes(fx.person_with_sign(size=size))))
    return files


def _save(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _describe(path: Path) -> dict:
    return {"name": path.name, "bytes": path.stat().st_size}


# --- the pipelines (in the measuring processes) --------------------------------------------------------

def _import(root: str):
    """The pipelines' code: this checkout's storydesk, or the one in root (imported first, so it wins)."""
    import sys

    if root:
        sys.path.insert(0, root)
        # A spawned interpreter re-imports the parent's main module (the storydesk command): forget that storydesk.
        for name in [name for name in sys.modules if name.split(".")[0] == "storydesk"]:
            del sys.modules[name]
    import io

    from PIL import Image

    from storydesk.photos import derive, inspect

    inspect.register_heif()
    return io, Image, derive, inspect


def _pipelines(root: str) -> dict:
    io, Image, derive, inspect = _import(root)

    def naive(data: bytes, **encoder) -> None:
        image = Image.open(io.BytesIO(data))
        image.load()
        scale = PUBLIC_SIDE / max(image.size)
        public = image.convert("RGB").resize((round(image.width * scale), round(image.height * scale)),
                                             Image.Resampling.LANCZOS)
        public.save(io.BytesIO(), "JPEG", quality=QUALITY, **encoder)
        thumb = public.copy()
        thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
        thumb.save(io.BytesIO(), "JPEG", quality=QUALITY, **encoder)

    def product(data: bytes) -> None:
        inspected = inspect.inspect_photo(data)  # intake: the photo check, with SHA-256 and pHash
        derive.make_public_copies(data)  # the worker, as screening starts
        if hasattr(inspect, "is_checked_file"):  # screening's image_integrity on the stored original
            assert inspect.is_checked_file(data, inspected.sha256)
        else:  # before issue 18, image_integrity ran the whole photo check again
            inspect.inspect_photo(data)

    return {"naive": naive, "naive_same_output": lambda data: naive(data, optimize=True),
            "product": product}


def _time_pipelines(queue, root: str, files: dict[str, list[str]], repeats: int) -> None:
    try:
        pipelines = _pipelines(root)
        photos = {kind: [Path(p).read_bytes() for p in paths] for kind, paths in files.items()}
        times = {kind: {name: [] for name in pipelines} for kind in photos}
        for round_ in range(repeats + 1):  # round 0 warms up (imports, caches, the allocator) and is dropped
            for kind, datas in photos.items():
                for data in datas:
                    for name, pipeline in pipelines.items():
                        started = time.perf_counter()
                        pipeline(data)
                        if round_:
                            times[kind][name].append((time.perf_counter() - started) * 1000)
        queue.put({kind: {name: round(statistics.median(ms), 1) for name, ms in by_name.items()}
                   for kind, by_name in times.items()})
    except BaseException as error:  # report it to the parent instead of leaving it waiting
        import traceback

        queue.put({"error": "".join(traceback.format_exception(error))})


def _peak_memory(queue, root: str, pipeline: str, paths: list[str]) -> None:
    try:
        from bench.memory import peak_rss_mb, rss_mb

        run = _pipelines(root)[pipeline]  # every pipeline's process imports the same modules
        before = rss_mb()
        for path in paths:
            run(Path(path).read_bytes())
        peak = peak_rss_mb()
        queue.put({"rss_before_mb": before, "peak_rss_mb": peak, "grew_mb": round(peak - before, 1)})
    except BaseException as error:
        import traceback

        queue.put({"error": "".join(traceback.format_exception(error))})


# --- which library makes the copies (--libraries) ---------------------------------------------------------

def _compare_libraries(queue, paths: list[str], repeats: int) -> None:
    """The public copy (2048 px, or what the DCT's half scale serves) and 400 px thumbnail of each JPEG, by
    Pillow as the product does it, by pyvips (libvips' shrink-on-load) and by simplejpeg (libjpeg-turbo's
    scaled decode; its encoder has no optimized Huffman tables, so its files are ~5 % larger). pyvips and
    simplejpeg are not dependencies: install them where this interpreter finds them (pip install --target DIR
    pyvips pyvips-binary simplejpeg, then PYTHONPATH=...:DIR)."""
    try:
        os.environ.setdefault("VIPS_CONCURRENCY", "1")  # one core, as Pillow and simplejpeg use
        from PIL import Image

        from storydesk.photos.derive import DCT_SHORTFALL, make_public_copies

        def vips(data: bytes, side: int) -> None:
            import pyvips

            public = pyvips.Image.thumbnail_buffer(data, side, size="down").copy_memory()
            public.jpegsave_buffer(Q=QUALITY, keep="none", optimize_coding=True)  # the product's encoding
            public.thumbnail_image(THUMB_SIDE).jpegsave_buffer(Q=QUALITY, keep="none", optimize_coding=True)

        def simplejpeg_(data: bytes) -> None:
            import numpy as np
            import simplejpeg

            side = PUBLIC_SIDE * (1 - DCT_SHORTFALL)
            public = simplejpeg.decode_jpeg(data, min_width=side, min_height=side * 3 / 4)  # landscape, as generated
            simplejpeg.encode_jpeg(public, quality=QUALITY, colorsubsampling="420")
            thumb = Image.fromarray(public).resize((THUMB_SIDE, THUMB_SIDE * 3 // 4), Image.Resampling.LANCZOS,
                                                   reducing_gap=2.0)
            simplejpeg.encode_jpeg(np.asarray(thumb), quality=QUALITY, colorsubsampling="420")

        ways = {"Pillow draft + reduce (the product)": make_public_copies,
                "pyvips, 2016 px (shrink-on-load 2)": lambda data: vips(data, 2016),
                "pyvips, 2048 px (full decode)": lambda data: vips(data, PUBLIC_SIDE),
                "simplejpeg, half scale, baseline JPEG": simplejpeg_}
        datas = [Path(p).read_bytes() for p in paths]
        times: dict[str, list[float]] = {name: [] for name in ways}
        missing = {}
        for round_ in range(repeats + 1):
            for data in datas:
                for name, way in list(ways.items()):
                    started = time.perf_counter()
                    try:
                        way(data)
                    except ImportError as error:
                        missing[name] = str(error)
                        del ways[name]
                        continue
                    if round_:
                        times[name].append((time.perf_counter() - started) * 1000)
        queue.put({"ms": {name: round(statistics.median(ms), 1) for name, ms in times.items() if ms},
                   "missing": missing})
    except BaseException as error:
        import traceback

        queue.put({"error": "".join(traceback.format_exception(error))})


def _print_libraries(compared: dict, report) -> None:
    report("")
    report("| public copy + thumbnail of a 12 MP JPEG | median ms |")
    report("|---|---:|")
    for name, ms in compared["ms"].items():
        report(f"| {name} | {ms:.0f} |")
    for name, why in compared["missing"].items():
        report(f"{name}: not measured ({why})")


# --- report ------------------------------------------------------------------------------------------

def _print(results: dict, report) -> None:
    report("")
    report(f"Median ms per photo over {results['repeats']} interleaved rounds; peak RSS of a fresh process running "
           "that pipeline over the photos (grew: over its RSS before the first photo)")
    report("| photos | code | naive ms | naive, same output ms | product ms | product / naive "
           "| product / naive same output | peak RSS naive | peak RSS product |")
    report("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, run in results["runs"].items():
        for kind, ms in run["times"].items():
            photos = results["photos"][kind]
            megabytes = statistics.median(p["bytes"] for p in photos) / 1024 / 1024
            naive, same, product = ms["naive"], ms["naive_same_output"], ms["product"]
            memory = {name: run["memory"][name][kind] for name in PIPELINES}
            report(f"| {len(photos)} × {results['megapixels']} MP {kind} ({megabytes:.1f} MB) | {label} "
                   f"| {naive:.0f} | {same:.0f} "
                   f"| {product:.0f} | {product / naive:.0%} | {product / same:.0%} "
                   f"| {memory['naive']['peak_rss_mb']:.0f} MB (+{memory['naive']['grew_mb']:.0f}) "
                   f"| {memory['product']['peak_rss_mb']:.0f} MB (+{memory['product']['grew_mb']:.0f}) |")
    if {"before", "after"} <= set(results["runs"]):
        report("")
        report("After against before, as each one's ratio to the naive pipeline measured beside it:")
        for kind in results["runs"]["after"]["times"]:
            after, before = (results["runs"][label]["times"][kind] for label in ("after", "before"))
            change = (after["product"] / after["naive"]) / (before["product"] / before["naive"])
            report(f"  {kind}: product {before['product'] / before['naive']:.0%} → "
                   f"{after['product'] / after['naive']:.0%} of naive (×{change:.2f})")

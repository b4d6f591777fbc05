#!/usr/bin/python3
"""Times the official SAM2AutomaticMaskGenerator (facebookresearch/sam2, Python) on one image,
with the seeded random weights of ../shared/reference/official_bench.py (same model build, no
hydra): the side-by-side anchor for `masklet-cli bench segment-everything`. Speed does not
depend on the weight values (the filters see other scores, so also compare the mask counts).

Usage: SAM2_SRC=<facebookresearch/sam2 checkout> official_amg_bench.py --image FILE
       [--model sam2.1_hiera_tiny] [--threads 2] [--points-per-side 32] [--points-per-batch 64]
       [--pred-iou-thresh 0.8] [--stability-score-thresh 0.95]
Prints one JSON object: model, threads, generate_s (one generate call, image encoding
included), cpu_s (its user + system CPU seconds: comparable on a busy machine), masks,
peak_rss_mb."""
import argparse, importlib, json, math, os, resource, sys, time, types
import numpy as np, torch, torch.nn.functional as F

sys.path.insert(0, os.environ["SAM2_SRC"])
if not hasattr(F, "scaled_dot_product_attention"):  # torch 1.13: the math SDPA stands for
    def _sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
        return ((q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))).softmax(-1) @ v
    F.scaled_dot_product_attention = _sdpa
for name in ["hydra", "hydra.core", "hydra.core.global_hydra", "hydra.utils", "iopath",
             "iopath.common", "iopath.common.file_io"]:
    sys.modules[name] = types.ModuleType(name)
sys.modules["hydra"].initialize_config_module = lambda *a, **k: None
sys.modules["hydra"].compose = None
sys.modules["hydra.core.global_hydra"].GlobalHydra = type("GH", (), {"instance": staticmethod(
    lambda: types.SimpleNamespace(is_initialized=lambda: True))})
sys.modules["hydra.utils"].instantiate = None
sys.modules["iopath.common.file_io"].g_pathmgr = types.SimpleNamespace(open=open)
import cv2
from omegaconf import OmegaConf

YAML = {"sam2.1_hiera_tiny": "sam2.1/sam2.1_hiera_t", "sam2.1_hiera_small": "sam2.1/sam2.1_hiera_s",
        "sam2.1_hiera_base_plus": "sam2.1/sam2.1_hiera_b+", "sam2.1_hiera_large": "sam2.1/sam2.1_hiera_l"}

def instantiate(node):
    if isinstance(node, dict):
        node = {k: instantiate(v) for k, v in node.items()}
        if "_target_" in node:
            mod, _, cls = node.pop("_target_").rpartition(".")
            return getattr(importlib.import_module(mod), cls)(**node)
        return node
    return [instantiate(v) for v in node] if isinstance(node, list) else node

def build(model_name):  # official_bench.py's seeded random weights, as SAM2Base (image mode)
    path = os.path.join(os.environ["SAM2_SRC"], "sam2", "configs", YAML[model_name] + ".yaml")
    cfg = OmegaConf.to_container(OmegaConf.load(path), resolve=True)["model"]
    model = instantiate(cfg)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for n, p in model.named_parameters():
            p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()) if p.dim() >= 2
                    else 1.0 + 0.1 * torch.randn(p.shape, generator=g))
    return model.eval()

ap = argparse.ArgumentParser()
ap.add_argument("--image", required=True); ap.add_argument("--model", default="sam2.1_hiera_tiny")
ap.add_argument("--threads", type=int, default=os.cpu_count())
ap.add_argument("--points-per-side", type=int, default=32)
ap.add_argument("--points-per-batch", type=int, default=64)
ap.add_argument("--pred-iou-thresh", type=float, default=0.8)
ap.add_argument("--stability-score-thresh", type=float, default=0.95)
a = ap.parse_args()
torch.set_num_threads(a.threads)
from sam2.automatic_mask_generator import SAM2AutomaticMaskGenerator
image = cv2.cvtColor(cv2.imread(a.image), cv2.COLOR_BGR2RGB)
gen = SAM2AutomaticMaskGenerator(build(a.model), points_per_side=a.points_per_side,
                                 points_per_batch=a.points_per_batch,
                                 pred_iou_thresh=a.pred_iou_thresh,
                                 stability_score_thresh=a.stability_score_thresh)
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])  # user + system seconds
t, c = time.time(), cpu(); masks = gen.generate(image); elapsed, cpu_s = time.time() - t, cpu() - c
print(json.dumps({"model": a.model, "threads": torch.get_num_threads(), "width": image.shape[1],
                  "height": image.shape[0], "generate_s": elapsed, "cpu_s": cpu_s, "masks": len(masks),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))

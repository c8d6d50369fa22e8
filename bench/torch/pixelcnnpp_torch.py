#!/usr/bin/env python3
"""PixelCNN++ (Salimans et al. 2017) in PyTorch, as a CPU reference point for `npm run bench`.

Optional and standalone: only needs `torch` (tested with Debian's python3-torch 1.13). It is never
imported by the package or its tests. The JS benchmark spawns it and reads one JSON object from stdout;
human-readable notes go to stderr.

Modes:
  --check                       run the public fixtures (test/fixtures/tiny-rgb, tiny-gray) and compare
                                with expected.json; exit 1 on a mismatch
  --logprob --threads T --batch B [--seconds S]
                                forward + discretized logistic mixture log-likelihood, images/s
  --sample --threads T --batch B [--pixels K]
                                naive raster-order sampler (one full forward per pixel), K timed pixel
                                steps extrapolated to the whole image
  --device cpu|cuda             where the benchmark modes run (default cpu); on cuda the convolutions are
                                torch's own (cuDNN) and every timing waits for the GPU to finish
Model size for the benchmark modes: the paper's CIFAR-10 configuration (32x32x3, nr_resnet 5,
nr_filters 160, nr_logistic_mix 10) with seeded random weights, unless overridden with
--nr-resnet/--nr-filters/--nr-logistic-mix/--size/--channels, --config (JSON object or path to a
fixture config.json), or --weights (a safetensors file in the fixture layout; its metadata gives the
configuration).

Parameter names and layouts follow the state_dict of the common PyTorch port (weight-normalised layers
with weight_v / weight_g / bias); weight norm is folded into plain weights at load time.
"""

import argparse
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn.functional as F

CIFAR = {"channels": 3, "height": 32, "width": 32, "nr_resnet": 5, "nr_filters": 160, "nr_logistic_mix": 10}
TINY_CASES = ("tiny-rgb", "tiny-gray")


def note(*args):
    print(*args, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------------
# Weights: safetensors reader, parameter table, random weights, weight-norm folding
# ----------------------------------------------------------------------------------------------------

def read_safetensors(path):
    """Returns ({name: float32 tensor}, metadata dict). Only F32 tensors are expected."""
    if sys.byteorder != "little":
        raise RuntimeError("big-endian hosts are not supported")
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = bytearray(raw[8 + n:])
    meta = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        count = (end - begin) // 4
        t = torch.frombuffer(data, dtype=torch.float32, count=count, offset=begin) if count else torch.zeros(0)
        tensors[name] = t.clone().reshape(info["shape"])
    return tensors, meta


def out_channels(cfg):
    return (10 if cfg["channels"] == 3 else 3) * cfg["nr_logistic_mix"]


def param_table(cfg):
    """{name: (kind, shape)} for every tensor of the model, kind in conv/deconv/lin."""
    C, nf, R = cfg["channels"], cfg["nr_filters"], cfg["nr_resnet"]
    table = {}

    def conv(name, cin, cout, kh, kw):
        table[name] = ("conv", (cout, cin, kh, kw))

    def deconv(name, cin, cout, kh, kw):
        table[name] = ("deconv", (cin, cout, kh, kw))

    def lin(name, cin, cout):
        table[name] = ("lin", (cout, cin))

    def block(prefix, kh, kw, skip):
        conv(prefix + ".conv_input.conv", 2 * nf, nf, kh, kw)
        if skip:
            lin(prefix + ".nin_skip.lin_a", 2 * skip * nf, nf)
        conv(prefix + ".conv_out.conv", 2 * nf, 2 * nf, kh, kw)

    for level in range(3):
        for i in range(R):
            block(f"up_layers.{level}.u_stream.{i}", 2, 3, 0)
            block(f"up_layers.{level}.ul_stream.{i}", 2, 2, 1)
    for level, n in enumerate((R, R + 1, R + 1)):
        for i in range(n):
            block(f"down_layers.{level}.u_stream.{i}", 2, 3, 1)
            block(f"down_layers.{level}.ul_stream.{i}", 2, 2, 2)
    for i in range(2):
        conv(f"downsize_u_stream.{i}.conv", nf, nf, 2, 3)
        conv(f"downsize_ul_stream.{i}.conv", nf, nf, 2, 2)
        deconv(f"upsize_u_stream.{i}.deconv", nf, nf, 2, 3)
        deconv(f"upsize_ul_stream.{i}.deconv", nf, nf, 2, 2)
    conv("u_init.conv", C + 1, nf, 2, 3)
    conv("ul_init.0.conv", C + 1, nf, 1, 3)
    conv("ul_init.1.conv", C + 1, nf, 2, 1)
    lin("nin_out.lin_a", nf, out_channels(cfg))
    return table


def state_dict_shapes(cfg):
    """{state_dict name: shape}, as in the PyTorch port with torch.nn.utils.weight_norm(dim=0)."""
    shapes = {}
    for layer, (kind, shape) in param_table(cfg).items():
        shapes[layer + ".weight_v"] = list(shape)
        shapes[layer + ".weight_g"] = [shape[0]] + [1] * (len(shape) - 1)
        shapes[layer + ".bias"] = [shape[1] if kind == "deconv" else shape[0]]
    return shapes


def random_state_dict(cfg, seed=0):
    """Seeded random weights in state_dict form. weight_g sets the norm of each weight_v slice, so with
    g = 1 a unit-variance input gives a unit-variance pre-activation; the residual branches and the
    output head are scaled down so that the activations and the predicted distributions stay sane
    through the 30+ gated blocks of the CIFAR configuration."""
    gen = torch.Generator().manual_seed(seed)
    sd = {}
    for layer, (kind, shape) in param_table(cfg).items():
        v = torch.randn(shape, generator=gen)
        if layer.endswith("conv_out.conv"):
            gain = 0.5
        elif layer == "nin_out.lin_a":
            gain = 0.3
        else:
            gain = 1.0
        g = torch.full([shape[0]] + [1] * (len(shape) - 1), gain)
        nb = shape[1] if kind == "deconv" else shape[0]
        sd[layer + ".weight_v"] = v
        sd[layer + ".weight_g"] = g
        sd[layer + ".bias"] = 0.05 * torch.randn(nb, generator=gen)
    return sd


def fold_weight_norm(v, g):
    """w = v * g / ||v||, the norm over every axis but 0 (torch weight_norm dim=0)."""
    vd = v.double()
    norm = vd.reshape(vd.shape[0], -1).norm(dim=1)
    scale = g.double().reshape(-1) / norm
    return (vd * scale.reshape([-1] + [1] * (v.dim() - 1))).float()


def config_from_state_dict(sd, meta=None):
    cfg = {}
    if meta and "config" in meta:
        cfg.update(json.loads(meta["config"]))
    C = sd["u_init.conv.weight_v"].shape[1] - 1
    nf = sd["u_init.conv.weight_v"].shape[0]
    R = len({k.split(".")[3] for k in sd if k.startswith("up_layers.0.u_stream.")})
    nout = sd["nin_out.lin_a.bias"].shape[0]
    M = nout // (10 if C == 3 else 3)
    derived = {"channels": C, "nr_filters": nf, "nr_resnet": R, "nr_logistic_mix": M}
    for k, v in derived.items():
        if k in cfg and int(cfg[k]) != v:
            raise ValueError(f"metadata {k}={cfg[k]} but the weights say {v}")
        cfg[k] = v
    if "height" not in cfg:
        cfg["height"] = cfg["width"] = 32
    cfg["height"], cfg["width"] = int(cfg["height"]), int(cfg["width"])
    return cfg


# ----------------------------------------------------------------------------------------------------
# Network (NCHW, float32, folded weights)
# ----------------------------------------------------------------------------------------------------

def concat_elu(x):
    return F.elu(torch.cat((x, -x), dim=1))


def down_shift(x):
    return F.pad(x[:, :, :-1, :], (0, 0, 1, 0))


def right_shift(x):
    return F.pad(x[:, :, :, :-1], (1, 0, 0, 0))


class PixelCNNpp:
    def __init__(self, state_dict, cfg, conv_impl="auto", device="cpu"):
        self.cfg = cfg
        self.device = torch.device(device)
        if self.device.type != "cpu" and conv_impl == "auto":
            conv_impl = "native"
        # "mkldnn" calls oneDNN directly for every convolution. torch's own dispatch ("native") sends
        # 1x1 convolutions at batch 1 on one thread, and small inputs, to its im2col + BLAS path,
        # which with Debian's reference BLAS is up to 20x slower than oneDNN.
        if conv_impl == "auto":
            conv_impl = "mkldnn" if hasattr(torch, "mkldnn_convolution") and torch.backends.mkldnn.is_available() else "native"
        self.conv_impl = conv_impl
        if conv_impl == "mkldnn":
            self.conv2d = lambda x, w, b, stride: torch.mkldnn_convolution(x, w, b, [0, 0], [stride, stride], [1, 1], 1)
        else:
            self.conv2d = lambda x, w, b, stride: F.conv2d(x, w, b, stride=stride)
        self.C = cfg["channels"]
        self.M = cfg["nr_logistic_mix"]
        self.R = cfg["nr_resnet"]
        table = param_table(cfg)
        expected = state_dict_shapes(cfg)
        missing = sorted(set(expected) - set(state_dict))
        extra = sorted(set(state_dict) - set(expected))
        if missing or extra:
            raise ValueError(f"state_dict mismatch: missing {missing[:5]}, unexpected {extra[:5]}")
        for name, shape in expected.items():
            if list(state_dict[name].shape) != shape:
                raise ValueError(f"{name}: shape {list(state_dict[name].shape)}, expected {shape}")
        self.w = {}
        self.w_flipped = {}
        for layer, (kind, shape) in table.items():
            w = fold_weight_norm(state_dict[layer + ".weight_v"], state_dict[layer + ".weight_g"])
            if kind == "lin":
                w = w.reshape(shape[0], shape[1], 1, 1)  # 1x1 convolution
            self.w[layer] = (w.contiguous().to(self.device), state_dict[layer + ".bias"].float().contiguous().to(self.device))

    # down-shifted conv: kernel [kh, kw], pad (kw-1)/2 left and right, kh-1 on top
    def dconv(self, x, name, stride=1):
        w, b = self.w[name]
        kh, kw = w.shape[2], w.shape[3]
        x = F.pad(x, ((kw - 1) // 2, (kw - 1) // 2, kh - 1, 0))
        return self.conv2d(x, w, b, stride)

    # down-right-shifted conv: pad kw-1 on the left, kh-1 on top
    def drconv(self, x, name, stride=1):
        w, b = self.w[name]
        kh, kw = w.shape[2], w.shape[3]
        x = F.pad(x, (kw - 1, 0, kh - 1, 0))
        return self.conv2d(x, w, b, stride)

    def deconv2d(self, x, name):
        """Stride-2 transposed conv with output_padding 1 (weight [in, out, kh, kw]). On the oneDNN
        path it runs as a stride-1 conv over the zero-interleaved, fully padded input with the flipped
        kernel (torch would otherwise pick its slow native transposed conv for these small inputs)."""
        w, b = self.w[name]
        if self.conv_impl != "mkldnn":
            return F.conv_transpose2d(x, w, b, stride=2, output_padding=1)
        wf = self.w_flipped.get(name)
        if wf is None:
            wf = self.w_flipped[name] = w.flip(2, 3).transpose(0, 1).contiguous()
        kh, kw = w.shape[2], w.shape[3]
        N, C, H, W = x.shape
        z = x.new_zeros(N, C, 2 * H - 1 + 2 * (kh - 1) + 1, 2 * W - 1 + 2 * (kw - 1) + 1)
        z[:, :, kh - 1:kh - 1 + 2 * H - 1:2, kw - 1:kw - 1 + 2 * W - 1:2] = x
        return self.conv2d(z, wf, b, 1)

    # stride-2 transposed convs, then the reference crop
    def ddeconv(self, x, name):
        kh, kw = self.w[name][0].shape[2:]
        y = self.deconv2d(x, name)
        H, W = y.shape[2], y.shape[3]
        return y[:, :, :H - kh + 1, (kw - 1) // 2:W - (kw - 1) // 2]

    def drdeconv(self, x, name):
        kh, kw = self.w[name][0].shape[2:]
        y = self.deconv2d(x, name)
        H, W = y.shape[2], y.shape[3]
        return y[:, :, :H - kh + 1, :W - kw + 1]

    def nin(self, x, name):
        w, b = self.w[name]
        return self.conv2d(x, w, b, 1)

    def gated_resnet(self, x, prefix, conv, a=None):
        h = conv(concat_elu(x), prefix + ".conv_input.conv")
        if a is not None:
            h = h + self.nin(concat_elu(a), prefix + ".nin_skip.lin_a")
        h = conv(concat_elu(h), prefix + ".conv_out.conv")
        ga, gb = torch.chunk(h, 2, dim=1)
        return x + ga * torch.sigmoid(gb)

    def forward(self, x):
        """x: [N, C, H, W] float32 in [-1, 1]; returns [N, out_channels, H, W]."""
        ones = torch.ones(x.shape[0], 1, x.shape[2], x.shape[3], dtype=x.dtype, device=x.device)
        x = torch.cat((x, ones), dim=1)
        u_list = [down_shift(self.dconv(x, "u_init.conv"))]
        ul_list = [down_shift(self.dconv(x, "ul_init.0.conv")) + right_shift(self.drconv(x, "ul_init.1.conv"))]
        for level in range(3):
            u, ul = u_list[-1], ul_list[-1]
            for i in range(self.R):
                u = self.gated_resnet(u, f"up_layers.{level}.u_stream.{i}", self.dconv)
                ul = self.gated_resnet(ul, f"up_layers.{level}.ul_stream.{i}", self.drconv, a=u)
                u_list.append(u)
                ul_list.append(ul)
            if level != 2:
                u_list.append(self.dconv(u_list[-1], f"downsize_u_stream.{level}.conv", stride=2))
                ul_list.append(self.drconv(ul_list[-1], f"downsize_ul_stream.{level}.conv", stride=2))
        u = u_list.pop()
        ul = ul_list.pop()
        for level, n in enumerate((self.R, self.R + 1, self.R + 1)):
            for i in range(n):
                u = self.gated_resnet(u, f"down_layers.{level}.u_stream.{i}", self.dconv, a=u_list.pop())
                ul = self.gated_resnet(ul, f"down_layers.{level}.ul_stream.{i}", self.drconv,
                                       a=torch.cat((u, ul_list.pop()), dim=1))
            if level != 2:
                u = self.ddeconv(u, f"upsize_u_stream.{level}.deconv")
                ul = self.drdeconv(ul, f"upsize_ul_stream.{level}.deconv")
        assert not u_list and not ul_list
        return self.nin(F.elu(ul), "nin_out.lin_a")

    __call__ = forward


# ----------------------------------------------------------------------------------------------------
# Discretized logistic mixture: log-likelihood and sampling (channel-last parameter vectors)
# ----------------------------------------------------------------------------------------------------

def softplus(x):
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-torch.abs(x)))


def split_params(l, C, M, x=None):
    """l: [..., out_channels]. Returns logits [..., M], means / log_scales / coefs [..., C, M] (means
    coupled to the observed x [..., C] when x is given; log-scales clamped at -7; coefs after tanh)."""
    logits = l[..., :M]
    if C == 3:
        p = l[..., M:].reshape(l.shape[:-1] + (3, 3 * M))
        means = p[..., :M]
        log_scales = torch.clamp(p[..., M:2 * M], min=-7.0)
        coefs = torch.tanh(p[..., 2 * M:3 * M])
        if x is not None:
            xr, xg = x[..., 0:1], x[..., 1:2]
            means = torch.stack((means[..., 0, :],
                                 means[..., 1, :] + coefs[..., 0, :] * xr,
                                 means[..., 2, :] + coefs[..., 1, :] * xr + coefs[..., 2, :] * xg), dim=-2)
    else:
        means = l[..., M:2 * M].unsqueeze(-2)
        log_scales = torch.clamp(l[..., 2 * M:3 * M], min=-7.0).unsqueeze(-2)
        coefs = None
    return logits, means, log_scales, coefs


def mixture_log_prob(x, l, C, M):
    """x: [..., C] in [-1, 1]; l: [..., out_channels]. Per-pixel log p in nats, computed in float64."""
    x = x.double()
    l = l.double()
    logits, means, log_scales, _ = split_params(l, C, M, x)
    xx = x.unsqueeze(-1)  # [..., C, 1]
    centered = xx - means
    inv = torch.exp(-log_scales)
    plus = inv * (centered + 1.0 / 255.0)
    minus = inv * (centered - 1.0 / 255.0)
    delta = torch.sigmoid(plus) - torch.sigmoid(minus)
    log_cdf_plus = plus - softplus(plus)          # log sigmoid(plus), for x = -1 (value 0)
    log_one_minus_cdf_minus = -softplus(minus)    # log(1 - sigmoid(minus)), for x = +1 (value 255)
    mid = inv * centered
    log_pdf_mid = mid - log_scales - 2.0 * softplus(mid)
    inner = torch.where(delta > 1e-5, torch.log(torch.clamp(delta, min=1e-300)), log_pdf_mid - math.log(127.5))
    lp = torch.where(xx < -0.999, log_cdf_plus, torch.where(xx > 0.999, log_one_minus_cdf_minus, inner))
    lp = lp.sum(dim=-2) + torch.log_softmax(logits, dim=-1)
    return torch.logsumexp(lp, dim=-1)


def image_log_prob(model, x):
    """x: [N, C, H, W]. Returns (per-image log p in nats [N] float64, network output NCHW)."""
    out = model(x)
    lp = mixture_log_prob(x.permute(0, 2, 3, 1), out.permute(0, 2, 3, 1), model.C, model.M)
    return lp.sum(dim=(1, 2)), out


def sample_from_params(l, u_mix, u_log, C, M):
    """l: [B, out_channels]; u_mix: [B, M], u_log: [B, C] uniforms in (0, 1). Gumbel-max component,
    logistic noise, channel coupling, clamp to [-1, 1]. Returns x [B, C] (not rounded)."""
    logits, means, log_scales, coefs = split_params(l, C, M)
    k = torch.argmax(logits - torch.log(-torch.log(u_mix)), dim=-1)  # [B]
    idx = k.reshape(-1, 1, 1).expand(-1, means.shape[1], 1)
    m = means.gather(-1, idx).squeeze(-1)        # [B, C]
    s = log_scales.gather(-1, idx).squeeze(-1)
    z = m + torch.exp(s) * (torch.log(u_log) - torch.log1p(-u_log))
    if C == 1:
        return torch.clamp(z, -1.0, 1.0)
    c = coefs.gather(-1, idx).squeeze(-1)
    x0 = torch.clamp(z[:, 0], -1.0, 1.0)
    x1 = torch.clamp(z[:, 1] + c[:, 0] * x0, -1.0, 1.0)
    x2 = torch.clamp(z[:, 2] + c[:, 1] * x0 + c[:, 2] * x1, -1.0, 1.0)
    return torch.stack((x0, x1, x2), dim=1)


def naive_sample(model, batch, H, W, noise, quantize=False, steps=None, on_step=None):
    """Raster-order sampling, one full forward per pixel, starting from x = 0. noise(i, j) returns
    (u_mix [B, M], u_log [B, C]). Returns (image NCHW written back, continuous samples NCHW)."""
    C = model.C
    x = torch.zeros(batch, C, H, W, device=model.device)
    xc = torch.zeros(batch, C, H, W, device=model.device)
    n = H * W if steps is None else steps
    for step in range(n):
        i, j = divmod(step, W)
        out = model(x)
        u_mix, u_log = noise(i, j)
        s = sample_from_params(out[:, :, i, j], u_mix.to(x.device), u_log.to(x.device), C, model.M)
        xc[:, :, i, j] = s
        x[:, :, i, j] = (torch.round((s + 1.0) * 127.5) - 127.5) / 127.5 if quantize else s
        if on_step:
            on_step(step)
    return x, xc


# ----------------------------------------------------------------------------------------------------
# --check against the fixtures
# ----------------------------------------------------------------------------------------------------

def u8_to_x(u8):
    return (u8.float() - 127.5) / 127.5


def check_case(case_dir, conv_impl="auto"):
    name = os.path.basename(case_dir.rstrip("/"))
    with open(os.path.join(case_dir, "config.json")) as f:
        cfg_file = json.load(f)
    with open(os.path.join(case_dir, "expected.json")) as f:
        exp = json.load(f)
    sd, meta = read_safetensors(os.path.join(case_dir, "weights.safetensors"))
    cfg = config_from_state_dict(sd, meta)
    for k in ("channels", "nr_resnet", "nr_filters", "nr_logistic_mix", "height", "width"):
        assert int(cfg[k]) == int(cfg_file[k]), (k, cfg[k], cfg_file[k])
    n_params = sum(t.numel() for t in sd.values())
    shapes_ok = {k: list(v.shape) for k, v in sd.items()} == state_dict_shapes(cfg)
    model = PixelCNNpp(sd, cfg, conv_impl)
    N, H, W, C, M = cfg_file["n_images"], cfg["height"], cfg["width"], cfg["channels"], cfg["nr_logistic_mix"]
    with open(os.path.join(case_dir, "images.u8"), "rb") as f:
        u8 = torch.tensor(list(f.read()), dtype=torch.uint8).reshape(N, H, W, C)
    x = u8_to_x(u8).permute(0, 3, 1, 2).contiguous()
    r = {"case": name, "conv": model.conv_impl, "n_params": n_params, "n_params_expected": cfg_file["n_params"], "names_and_shapes_match": shapes_ok}
    with torch.inference_mode():
        ll, out = image_log_prob(model, x)
        out0 = out[0].permute(1, 2, 0).reshape(-1).double()
        ref0 = torch.tensor(exp["output_image0"]["data"], dtype=torch.float64)
        r["output_max_abs_err"] = (out0 - ref0).abs().max().item()
        r["output_max_abs_ref"] = ref0.abs().max().item()
        r["output_max_rel_err"] = r["output_max_abs_err"] / r["output_max_abs_ref"]
        ref_ll = torch.tensor(exp["log_likelihood_nats"], dtype=torch.float64)
        r["nats"] = ll.tolist()
        r["nats_expected"] = ref_ll.tolist()
        r["nats_max_rel_err"] = ((ll - ref_ll).abs() / ref_ll.abs()).max().item()
        r["nats_max_abs_err"] = (ll - ref_ll).abs().max().item()
        # per-pixel log p of image 0 from the network output
        pp = mixture_log_prob(x[0].permute(1, 2, 0), out[0].permute(1, 2, 0), C, M).reshape(-1)
        ref_pp = torch.tensor(exp["logprob_per_pixel_image0"]["data"], dtype=torch.float64)
        r["per_pixel_max_abs_err"] = (pp - ref_pp).abs().max().item()
        # mixture likelihood alone, float64 parameter vectors
        cases = exp["mixture"]["cases"]
        params = torch.tensor([c["params"] for c in cases], dtype=torch.float64)
        pix = (torch.tensor([c["pixel"] for c in cases], dtype=torch.float64) - 127.5) / 127.5
        lp = mixture_log_prob(pix, params, C, M)
        ref = torch.tensor([c["logprob"] for c in cases], dtype=torch.float64)
        r["mixture_cases_max_abs_err"] = (lp - ref).abs().max().item()
        # single-pixel sampling with explicit noise
        cases = exp["sample_pixel"]["cases"]
        params = torch.tensor([c["params"] for c in cases], dtype=torch.float64)
        um = torch.tensor([c["u_mix"] for c in cases], dtype=torch.float64)
        ul = torch.tensor([c["u_logistic"] for c in cases], dtype=torch.float64)
        xs = sample_from_params(params, um, ul, C, M)
        ref = torch.tensor([c["x"] for c in cases], dtype=torch.float64)
        r["sample_pixel_max_abs_err"] = (xs - ref).abs().max().item()
        # naive image sampling with explicit noise, both write-back variants
        si = exp["sample_image"]
        K = si["n"]
        for variant in ("continuous", "quantized"):
            v = si[variant]
            umix = torch.tensor(v["u_mix"], dtype=torch.float32).reshape(K, H, W, M)
            ulog = torch.tensor(v["u_logistic"], dtype=torch.float32).reshape(K, H, W, C)
            _, xc = naive_sample(model, K, H, W, lambda i, j: (umix[:, i, j], ulog[:, i, j]),
                                 quantize=(variant == "quantized"))
            got = xc.permute(0, 2, 3, 1).reshape(-1).double()
            ref = torch.tensor(v["x"], dtype=torch.float64)
            got_u8 = torch.round((got + 1.0) * 127.5)
            r[f"sample_image_{variant}_max_abs_err"] = (got - ref).abs().max().item()
            r[f"sample_image_{variant}_u8_mismatches"] = int((got_u8 != torch.tensor(v["u8"], dtype=torch.float64)).sum())
    return r


def run_check(fixtures_dir, conv_impl="auto"):
    ok = True
    results = []
    for case in TINY_CASES:
        r = check_case(os.path.join(fixtures_dir, case), conv_impl)
        results.append(r)
        passed = (r["names_and_shapes_match"] and r["n_params"] == r["n_params_expected"]
                  and r["output_max_abs_err"] <= 1e-4 and r["nats_max_rel_err"] <= 1e-4
                  and r["mixture_cases_max_abs_err"] <= 1e-6 and r["sample_pixel_max_abs_err"] <= 1e-6
                  and r["sample_image_continuous_u8_mismatches"] == 0
                  and r["sample_image_quantized_u8_mismatches"] == 0)
        r["pass"] = passed
        ok = ok and passed
        note(f"{case}: params {r['n_params']} (expected {r['n_params_expected']}), names/shapes match: {r['names_and_shapes_match']}")
        note(f"  network output image 0: max abs err {r['output_max_abs_err']:.3e}, relative to max |ref| "
             f"({r['output_max_abs_ref']:.3g}) {r['output_max_rel_err']:.3e}")
        note(f"  log-likelihood: max rel err {r['nats_max_rel_err']:.3e}, max abs err {r['nats_max_abs_err']:.3e} nats")
        note(f"  per-pixel log p image 0: max abs err {r['per_pixel_max_abs_err']:.3e} nats")
        note(f"  mixture cases (float64): max abs err {r['mixture_cases_max_abs_err']:.3e} nats")
        note(f"  sample_pixel cases: max abs err {r['sample_pixel_max_abs_err']:.3e}")
        for variant in ("continuous", "quantized"):
            note(f"  sample_image {variant}: max abs err {r[f'sample_image_{variant}_max_abs_err']:.3e}, "
                 f"u8 mismatches {r[f'sample_image_{variant}_u8_mismatches']}")
        note(f"  {'PASS' if passed else 'FAIL'}")
    print(json.dumps({"mode": "check", "pass": ok, "cases": results, "torch": torch.__version__}))
    return 0 if ok else 1


# ----------------------------------------------------------------------------------------------------
# Benchmarks
# ----------------------------------------------------------------------------------------------------

def synchronize(model):
    """Waits for the GPU's queued work, so that a timing covers it."""
    if model.device.type == "cuda":
        torch.cuda.synchronize()


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def build_model(args):
    if args.weights:
        sd, meta = read_safetensors(args.weights)
        cfg = config_from_state_dict(sd, meta)
        return PixelCNNpp(sd, cfg, args.conv, args.device), cfg, "file"
    cfg = dict(CIFAR)
    if args.config:
        if os.path.exists(args.config):
            with open(args.config) as f:
                given = json.load(f)
        else:
            given = json.loads(args.config)
        cfg.update({k: given[k] for k in ("channels", "height", "width", "nr_resnet", "nr_filters", "nr_logistic_mix") if k in given})
    for key in ("channels", "nr_resnet", "nr_filters", "nr_logistic_mix"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    if args.size is not None:
        cfg["height"] = cfg["width"] = args.size
    cfg = {k: int(v) for k, v in cfg.items()}
    return PixelCNNpp(random_state_dict(cfg, args.seed), cfg, args.conv, args.device), cfg, f"random(seed={args.seed})"


def public_cfg(cfg):
    return {k: cfg[k] for k in ("channels", "height", "width", "nr_resnet", "nr_filters", "nr_logistic_mix")}


def bench_logprob(model, cfg, args):
    B, C, H, W = args.batch, cfg["channels"], cfg["height"], cfg["width"]
    gen = torch.Generator().manual_seed(args.seed + 1)
    batches = [u8_to_x(torch.randint(0, 256, (B, C, H, W), generator=gen, dtype=torch.uint8)).to(model.device) for _ in range(2)]
    with torch.inference_mode():
        t0 = time.perf_counter()
        ll, out = image_log_prob(model, batches[0])  # warm-up
        synchronize(model)
        warm = time.perf_counter() - t0
        bpd = (-ll / (H * W * C * math.log(2))).mean().item()
        note(f"warm-up batch: {warm:.3f} s; output std {out.std().item():.3f}, mean bits/dim on uniform noise {bpd:.3f}")
        for _ in range(args.warmup - 1):
            image_log_prob(model, batches[0])
        synchronize(model)
        times = []
        start = time.perf_counter()
        while True:
            t = time.perf_counter()
            image_log_prob(model, batches[len(times) % 2])
            synchronize(model)
            times.append(time.perf_counter() - t)
            if len(times) >= args.min_iters and time.perf_counter() - start >= args.seconds:
                break
    per_batch = sum(times) / len(times)
    note(f"{len(times)} timed batches, min {min(times):.4f} s, median {median(times):.4f} s, mean {per_batch:.4f} s")
    return {"mode": "logprob", "device": str(model.device), "threads": args.threads, "batch": B, "images_per_s": B / per_batch,
            "seconds_per_batch": per_batch, "min_seconds_per_batch": min(times),
            "median_seconds_per_batch": median(times), "iterations": len(times),
            "config": public_cfg(cfg), "torch": torch.__version__}


def bench_sample(model, cfg, args):
    B, C, H, W, M = args.batch, cfg["channels"], cfg["height"], cfg["width"], cfg["nr_logistic_mix"]
    K = min(args.pixels, H * W)
    gen = torch.Generator().manual_seed(args.seed + 2)

    def noise(i, j):
        u_mix = torch.rand(B, M, generator=gen) * (1 - 2e-5) + 1e-5
        u_log = torch.rand(B, C, generator=gen) * (1 - 2e-5) + 1e-5
        return u_mix, u_log

    stamps = []

    def on_step(_):
        synchronize(model)
        stamps.append(time.perf_counter())

    with torch.inference_mode():
        naive_sample(model, B, H, W, noise, steps=1)  # warm-up
        synchronize(model)
        t0 = time.perf_counter()
        x, _ = naive_sample(model, B, H, W, noise, steps=K, on_step=on_step)
        total = time.perf_counter() - t0
    per_step = total / K
    steps = [b - a for a, b in zip([t0] + stamps[:-1], stamps)]
    note(f"{K} pixel steps in {total:.3f} s (min step {min(steps):.4f} s, median {median(steps):.4f} s); first sampled pixel(s): "
         f"{x[0, :, 0, 0].tolist()}")
    return {"mode": "sample", "device": str(model.device), "threads": args.threads, "batch": B, "seconds_per_pixel_step": per_step,
            "seconds_per_image_estimate": per_step * H * W / B, "measured_steps": K,
            "min_seconds_per_pixel_step": min(steps), "median_seconds_per_pixel_step": median(steps),
            "pixels_per_image": H * W, "config": public_cfg(cfg), "torch": torch.__version__}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="compare with the public fixtures")
    mode.add_argument("--logprob", action="store_true", help="time forward + log-likelihood")
    mode.add_argument("--sample", action="store_true", help="time the naive sampler")
    p.add_argument("--fixtures", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures"))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--device", default="cpu", help="benchmark modes: cpu or cuda (cuda[:N])")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seconds", type=float, default=10.0, help="logprob: minimum timed duration")
    p.add_argument("--min-iters", type=int, default=2, help="logprob: minimum timed batches")
    p.add_argument("--warmup", type=int, default=1, help="logprob: warm-up batches")
    p.add_argument("--pixels", type=int, default=16, help="sample: timed pixel steps")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--conv", choices=("auto", "mkldnn", "native"), default="auto",
                   help="convolution path: oneDNN called directly (auto when available) or torch's own dispatch")
    p.add_argument("--config", help="JSON object or path to a config.json overriding the CIFAR configuration")
    p.add_argument("--weights", help="safetensors file in the fixture layout (instead of random weights)")
    p.add_argument("--channels", type=int, choices=(1, 3))
    p.add_argument("--size", type=int, help="image height and width (multiple of 4)")
    p.add_argument("--nr-resnet", dest="nr_resnet", type=int)
    p.add_argument("--nr-filters", dest="nr_filters", type=int)
    p.add_argument("--nr-logistic-mix", dest="nr_logistic_mix", type=int)
    args = p.parse_args(argv)

    torch.set_num_threads(max(1, args.threads))
    torch.set_flush_denormal(True)
    if args.check:
        return run_check(args.fixtures, args.conv)
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        note(f"--device {args.device}: torch {torch.__version__} sees no CUDA device")
        return 2
    model, cfg, source = build_model(args)
    gpu = f", {torch.cuda.get_device_name(model.device)}" if model.device.type == "cuda" else ""
    note(f"torch {torch.__version__}, device {model.device}{gpu}, threads {torch.get_num_threads()}, config {public_cfg(cfg)}, "
         f"weights {source}, conv {model.conv_impl}")
    result = bench_logprob(model, cfg, args) if args.logprob else bench_sample(model, cfg, args)
    result["weights"] = source
    result["conv"] = model.conv_impl
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes the PyTorch checkpoint fixtures in test/fixtures/pth/ from the two tiny models.

Run with a Python that has PyTorch (Debian's python3-torch, 1.13):

    /usr/bin/python3 scripts/make-pth-fixtures.py

Each fixture model's weights (test/fixtures/<case>/weights.safetensors) are loaded into the
PyTorch port's module tree (pclucas14/pixel-cnn-pp: every layer under torch.nn.utils.weight_norm,
so the state_dict names are the port's own), then written by torch.save in both of its formats
and in the variants users meet: nn.DataParallel's 'module.' prefix, a training checkpoint dict
wrapping the state dict, float16 and bfloat16 weights, and tensors that are strided views into
one shared storage. The hostile files are built by hand: they must be refused, never run.
Nothing here is needed by the package's tests, which read the committed files. (The legacy
format names storages by memory address, so a rerun writes other bytes with the same content.)
"""
import collections
import io
import json
import os
import pickle
import struct
import zipfile

import torch
from torch import nn
from torch.nn.utils import weight_norm

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures')
OUT = os.path.join(ROOT, 'pth')


def read_safetensors(path):
    """A minimal safetensors reader (F32 only), so the safetensors package is not needed."""
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    header.pop('__metadata__', None)
    tensors = collections.OrderedDict()
    for name in sorted(header):
        entry = header[name]
        assert entry['dtype'] == 'F32', entry
        begin, end = entry['data_offsets']
        raw = bytearray(data[8 + n + begin:8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(entry['shape']).clone()
    return tensors


# --- the PyTorch port's module tree (names as in pclucas14/pixel-cnn-pp layers.py / model.py) ---

class nin(nn.Module):
    def __init__(self, dim_in, dim_out):
        super().__init__()
        self.lin_a = weight_norm(nn.Linear(dim_in, dim_out))


class down_shifted_conv2d(nn.Module):
    def __init__(self, num_filters_in, num_filters_out, filter_size=(2, 3), stride=(1, 1)):
        super().__init__()
        self.conv = weight_norm(nn.Conv2d(num_filters_in, num_filters_out, filter_size, stride))


class down_right_shifted_conv2d(down_shifted_conv2d):
    def __init__(self, num_filters_in, num_filters_out, filter_size=(2, 2), stride=(1, 1)):
        super().__init__(num_filters_in, num_filters_out, filter_size, stride)


class down_shifted_deconv2d(nn.Module):
    def __init__(self, num_filters_in, num_filters_out, filter_size=(2, 3), stride=(1, 1)):
        super().__init__()
        self.deconv = weight_norm(nn.ConvTranspose2d(num_filters_in, num_filters_out, filter_size, stride, output_padding=1))


class down_right_shifted_deconv2d(down_shifted_deconv2d):
    def __init__(self, num_filters_in, num_filters_out, filter_size=(2, 2), stride=(1, 1)):
        super().__init__(num_filters_in, num_filters_out, filter_size, stride)


class gated_resnet(nn.Module):
    def __init__(self, num_filters, conv_op, skip_connection=0):
        super().__init__()
        self.conv_input = conv_op(2 * num_filters, num_filters)
        if skip_connection != 0:
            self.nin_skip = nin(2 * skip_connection * num_filters, num_filters)
        self.conv_out = conv_op(2 * num_filters, 2 * num_filters)


class PixelCNNLayer_up(nn.Module):
    def __init__(self, nr_resnet, nr_filters):
        super().__init__()
        self.u_stream = nn.ModuleList([gated_resnet(nr_filters, down_shifted_conv2d, 0) for _ in range(nr_resnet)])
        self.ul_stream = nn.ModuleList([gated_resnet(nr_filters, down_right_shifted_conv2d, 1) for _ in range(nr_resnet)])


class PixelCNNLayer_down(nn.Module):
    def __init__(self, nr_resnet, nr_filters):
        super().__init__()
        self.u_stream = nn.ModuleList([gated_resnet(nr_filters, down_shifted_conv2d, 1) for _ in range(nr_resnet)])
        self.ul_stream = nn.ModuleList([gated_resnet(nr_filters, down_right_shifted_conv2d, 2) for _ in range(nr_resnet)])


class PixelCNN(nn.Module):
    def __init__(self, nr_resnet, nr_filters, nr_logistic_mix, input_channels):
        super().__init__()
        down_nr_resnet = [nr_resnet] + [nr_resnet + 1] * 2
        self.down_layers = nn.ModuleList([PixelCNNLayer_down(down_nr_resnet[i], nr_filters) for i in range(3)])
        self.up_layers = nn.ModuleList([PixelCNNLayer_up(nr_resnet, nr_filters) for _ in range(3)])
        self.downsize_u_stream = nn.ModuleList([down_shifted_conv2d(nr_filters, nr_filters, stride=(2, 2)) for _ in range(2)])
        self.downsize_ul_stream = nn.ModuleList([down_right_shifted_conv2d(nr_filters, nr_filters, stride=(2, 2)) for _ in range(2)])
        self.upsize_u_stream = nn.ModuleList([down_shifted_deconv2d(nr_filters, nr_filters, stride=(2, 2)) for _ in range(2)])
        self.upsize_ul_stream = nn.ModuleList([down_right_shifted_deconv2d(nr_filters, nr_filters, stride=(2, 2)) for _ in range(2)])
        self.u_init = down_shifted_conv2d(input_channels + 1, nr_filters, filter_size=(2, 3))
        self.ul_init = nn.ModuleList([
            down_shifted_conv2d(input_channels + 1, nr_filters, filter_size=(1, 3)),
            down_right_shifted_conv2d(input_channels + 1, nr_filters, filter_size=(2, 1)),
        ])
        num_mix = 3 if input_channels == 1 else 10
        self.nin_out = nin(nr_filters, num_mix * nr_logistic_mix)


def load_case(case):
    with open(os.path.join(ROOT, case, 'config.json')) as f:
        config = json.load(f)
    model = PixelCNN(config['nr_resnet'], config['nr_filters'], config['nr_logistic_mix'], config['channels'])
    model.load_state_dict(read_safetensors(os.path.join(ROOT, case, 'weights.safetensors')), strict=True)
    return model


def save(obj, name, legacy=False):
    path = os.path.join(OUT, name)
    protocol = 4 if name.startswith('protocol4') else 2
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy, pickle_protocol=protocol)
    check = torch.load(path)
    print(f'{name}: {os.path.getsize(path)} bytes')
    return check


def strided_views(state_dict):
    """The same values as views into one storage: offsets, and transposed (non-contiguous) strides."""
    total = sum(t.numel() for t in state_dict.values())
    flat = torch.empty(total + 7)
    views = collections.OrderedDict()
    offset = 7  # nothing starts at element 0
    for name, t in state_dict.items():
        n = t.numel()
        if t.dim() == 4:  # stored as [out, kh, kw, in], viewed back as [out, in, kh, kw]
            stored = t.permute(0, 2, 3, 1).contiguous()
            flat[offset:offset + n] = stored.reshape(-1)
            view = flat[offset:offset + n].view(stored.shape).permute(0, 3, 1, 2)
        elif t.dim() == 2:  # stored transposed
            flat[offset:offset + n] = t.t().contiguous().reshape(-1)
            view = flat[offset:offset + n].view(t.shape[1], t.shape[0]).t()
        else:
            flat[offset:offset + n] = t.reshape(-1)
            view = flat[offset:offset + n].view(t.shape)
        assert torch.equal(view, t)
        views[name] = view
        offset += n
    assert not all(v.is_contiguous() for v in views.values())
    return views


# --- hostile files, by hand ---------------------------------------------------------------------

def entry(name, compression=zipfile.ZIP_STORED):
    """A zip entry with a fixed date, so that rerunning the script rewrites the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = compression
    return info


def zip_with_pickle(name, data_pkl, storages=()):
    """A torch.save-shaped zip archive around a hand-made data.pkl."""
    path = os.path.join(OUT, 'hostile', name)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_STORED) as z:
        z.writestr(entry('archive/data.pkl'), data_pkl)
        for key, data in storages:
            z.writestr(entry(f'archive/data/{key}'), data)
        z.writestr(entry('archive/version'), '3\n')
    print(f'hostile/{name}: {os.path.getsize(path)} bytes')


def legacy_with_pickle(name, object_pkl, keys_pkl=pickle.dumps([], protocol=2), tail=b''):
    path = os.path.join(OUT, 'hostile', name)
    with open(path, 'wb') as f:
        f.write(pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2))
        f.write(pickle.dumps(1001, protocol=2))
        f.write(pickle.dumps({'protocol_version': 1001, 'little_endian': True,
                              'type_sizes': {'short': 2, 'int': 4, 'long': 4}}, protocol=2))
        f.write(object_pkl)
        f.write(keys_pkl)
        f.write(tail)
    print(f'hostile/{name}: {os.path.getsize(path)} bytes')


class FakeStorage:
    """Stands for a storage in a hand-made pickle; persistent_id turns it into the storage id."""

    def __init__(self, pid):
        self.pid = pid


class TensorPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return obj.pid if isinstance(obj, FakeStorage) else None


class FakeTensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


def tensor_pickle(size, stride, numel, offset=0, legacy=False):
    pid = ('storage', torch.FloatStorage, '0', 'cpu', numel) + ((None,) if legacy else ())
    buffer = io.BytesIO()
    TensorPickler(buffer, protocol=2).dump(collections.OrderedDict(
        [('u_init.conv.weight_v', FakeTensor(FakeStorage(pid), offset, size, stride))]))
    return buffer.getvalue()


def write_hostile():
    os.makedirs(os.path.join(OUT, 'hostile'), exist_ok=True)
    # GLOBAL os system, then REDUCE: pickle.load would run `echo` in a shell.
    system = b'\x80\x02cos\nsystem\nq\x00X\x16\x00\x00\x00echo pixelcnnpp-pwned!q\x01\x85q\x02Rq\x03.'
    zip_with_pickle('os-system.pth', system)
    legacy_with_pickle('os-system.legacy.pth', system)
    # The same call hidden inside an otherwise plain state dict, after a tensor.
    hidden = (b'\x80\x02ccollections\nOrderedDict\n)R(X\x01\x00\x00\x00a' + b'cbuiltins\neval\nX\x04\x00\x00\x001+1\x85R' + b'u.')
    zip_with_pickle('builtins-eval.pth', hidden)
    # torch.save(layer): a whole module (one small layer), pickled by its class.
    torch.save(down_shifted_conv2d(2, 2), os.path.join(OUT, 'hostile', 'whole-module.pth'))
    print(f"hostile/whole-module.pth: {os.path.getsize(os.path.join(OUT, 'hostile', 'whole-module.pth'))} bytes")
    # Deep nesting: 20,000 lists, each appended into the one below it; 20,000 open marks.
    depth = 20_000
    zip_with_pickle('deep-lists.pth', b'\x80\x02' + b']' * depth + b'a' * (depth - 1) + b'.')
    zip_with_pickle('deep-marks.pth', b'\x80\x02' + b'(' * depth + b'.')
    # Storages out of range: a tensor past its storage's end, a storage larger than its entry,
    # a stride-0 tensor of 2^27 elements over 4 floats, a legacy storage past the end of the file.
    four = struct.pack('<4f', 1, 2, 3, 4)
    zip_with_pickle('tensor-past-storage.pth', tensor_pickle((2, 6), (6, 1), 4), [('0', four)])
    zip_with_pickle('storage-past-entry.pth', tensor_pickle((4,), (1,), 1_000_000_000), [('0', four)])
    zip_with_pickle('stride-zero-huge.pth', tensor_pickle((2 ** 27,), (0,), 4), [('0', four)])
    legacy_with_pickle('storage-past-file.legacy.pth', tensor_pickle((4,), (1,), 1_000_000, legacy=True),
                       pickle.dumps(['0'], protocol=2), struct.pack('<q', 1_000_000) + four)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    rgb = load_case('tiny-rgb')
    gray = load_case('tiny-gray')
    for case, model in (('tiny-rgb', rgb), ('tiny-gray', gray)):
        sd = model.state_dict()
        for legacy in (False, True):
            loaded = save(sd, f'{case}{".legacy" if legacy else ""}.pth', legacy)
            assert all(torch.equal(loaded[k], sd[k]) for k in sd)

    sd = gray.state_dict()
    loaded = save(nn.DataParallel(gray).state_dict(), 'tiny-gray.module.pth')
    assert all(k.startswith('module.') for k in loaded)
    save({'epoch': 12, 'state_dict': sd, 'best_bits_per_dim': 5.5, 'args': {'lr': 2e-4, 'nr_resnet': 1},
          'rng_state': torch.arange(4)}, 'tiny-gray.wrapped.legacy.pth', legacy=True)
    save(collections.OrderedDict((k, v.half()) for k, v in sd.items()), 'tiny-gray.float16.pth')
    save(collections.OrderedDict((k, v.bfloat16()) for k, v in sd.items()), 'tiny-gray.bfloat16.legacy.pth', legacy=True)
    loaded = save(strided_views(sd), 'tiny-gray.views.pth')
    assert all(torch.equal(loaded[k], sd[k]) for k in sd)
    # The zip format re-packed with deflate, as a zip tool would.
    with zipfile.ZipFile(os.path.join(OUT, 'tiny-gray.pth')) as source, \
            zipfile.ZipFile(os.path.join(OUT, 'tiny-gray.deflate.pth'), 'w', zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(entry(info.filename, zipfile.ZIP_DEFLATED), source.read(info.filename))
    print(f"tiny-gray.deflate.pth: {os.path.getsize(os.path.join(OUT, 'tiny-gray.deflate.pth'))} bytes")
    # Pickle protocol 4 (framed) in the legacy format, with a transposed tensor: [[0, 3], [1, 4], [2, 5]].
    save(collections.OrderedDict(a=torch.arange(6, dtype=torch.float32).reshape(2, 3).t()), 'protocol4.legacy.pth', legacy=True)
    write_hostile()


if __name__ == '__main__':
    main()

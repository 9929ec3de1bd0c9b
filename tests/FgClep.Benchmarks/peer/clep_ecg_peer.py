"""The PyTorch side of `FgClep.Benchmarks -- peer`: the quickstart ECG tower (ResNet18-1d + projection) in plain PyTorch,
driven over stdin/stdout by the benchmark so both libraries run the same work in alternating rounds.

Commands (one per line; every answer is one JSON line):
  init {"depth":18,"width":32,"firstKernel":15,"kernel":7,"leads":12,"samples":1000,"projection":256,"threads":2,"weights":"w.safetensors"}
  embed <input.f32> <batch> <output.f32>   embeddings of a float32 [batch, leads, samples] file (eval mode)
  train <steps> <batch>                     AdamW steps of the sigmoid loss against fixed targets; per-step seconds
  infer <steps> <batch>                     no-grad forward passes (eval mode); per-step seconds
  layers <batch>                            median forward seconds of each convolution at its input shape, by module name
  train-layers <batch>                      the same for forward + backward (weight and input gradients; no input gradient
                                            for the stem, whose input is the signal)
  quit
"""
import json
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "I64": torch.int64, "F64": torch.float64, "I32": torch.int32}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        t = torch.frombuffer(bytearray(body[start:end]), dtype=DTYPES[entry["dtype"]])
        tensors[name] = t.reshape(entry["shape"]).clone()
    return tensors


class BasicBlock(nn.Module):
    def __init__(self, cin, width, stride, kernel):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, width, kernel, stride, kernel // 2, bias=False)
        self.bn1 = nn.BatchNorm1d(width)
        self.conv2 = nn.Conv1d(width, width, kernel, 1, kernel // 2, bias=False)
        self.bn2 = nn.BatchNorm1d(width)
        self.downsample = None
        if stride != 1 or cin != width:
            self.downsample = nn.Sequential(nn.Conv1d(cin, width, 1, stride, bias=False), nn.BatchNorm1d(width))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNet1d(nn.Module):
    BLOCKS = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3]}

    def __init__(self, leads, width, first_kernel, kernel, depth):
        super().__init__()
        self.conv1 = nn.Conv1d(leads, width, first_kernel, 2, first_kernel // 2, bias=False)
        self.bn1 = nn.BatchNorm1d(width)
        self.maxpool = nn.MaxPool1d(3, 2, 1)
        channels = width
        stages = []
        for i, count in enumerate(self.BLOCKS[depth]):
            blocks = []
            for b in range(count):
                blocks.append(BasicBlock(channels, width * 2 ** i, (1 if i == 0 else 2) if b == 0 else 1, kernel))
                channels = width * 2 ** i
            stages.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.out_channels = channels

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return x.mean(2)


class Projection(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.projection = nn.Linear(cin, cout)

    def forward(self, x):
        return self.projection(x)


class EcgTower(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ecg_encoder = ResNet1d(c["leads"], c["width"], c["firstKernel"], c["kernel"], c["depth"])
        self.ecg_projection = Projection(self.ecg_encoder.out_channels, c["projection"])

    def forward(self, x):
        return F.normalize(self.ecg_projection(self.ecg_encoder(x)), p=2, dim=1, eps=1e-8)


def sigmoid_loss(e, t):
    logits = e @ t.t() * 10.0 - 10.0
    labels = 2 * torch.eye(e.shape[0]) - 1
    return -F.logsigmoid(labels * logits).sum() / e.shape[0]


def conv_input_shapes(model, config):
    """The input shape each convolution sees in the tower, by module name (found by hooks on one eval-mode pass)."""
    shapes = {}

    def remember(name):
        def hook(module, inputs, output):
            shapes.setdefault(name, tuple(inputs[0].shape))  # a hook that returns a value would replace the output
        return hook

    hooks = [m.register_forward_hook(remember(name)) for name, m in model.named_modules() if isinstance(m, nn.Conv1d)]
    model.eval()
    with torch.no_grad():
        model(torch.randn(1, config["leads"], config["samples"]))
    for h in hooks:
        h.remove()
    return shapes


def median_seconds(step):
    """The median of 7 timed calls of step, after one untimed call."""
    step()
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        step()
        runs.append(time.perf_counter() - start)
    return sorted(runs)[3]


def conv_times(model, config, batch):
    """Each convolution's forward time at the input shape it sees in the tower."""
    modules = dict(model.named_modules())
    times = {}
    with torch.no_grad():
        for name, shape in conv_input_shapes(model, config).items():
            x = torch.randn(batch, shape[1], shape[2])
            times[name] = median_seconds(lambda: modules[name](x))
    return times


def conv_train_times(model, config, batch):
    """Each convolution's forward + backward time at the input shape it sees in the tower (no input gradient for the stem)."""
    modules = dict(model.named_modules())
    times = {}
    for name, shape in conv_input_shapes(model, config).items():
        conv = modules[name]
        x = torch.randn(batch, shape[1], shape[2], requires_grad=shape[1] != config["leads"])
        with torch.no_grad():
            g = torch.randn_like(conv(x))
        times[name] = median_seconds(lambda: (conv(x) * g).sum().backward())
    return times


def main():
    model = optimizer = config = None
    for line in sys.stdin:
        parts = line.split(maxsplit=1)
        if not parts:
            continue
        command, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        if command == "quit":
            break
        if command == "init":
            config = json.loads(rest)
            torch.set_num_threads(config["threads"])
            torch.manual_seed(1)
            model = EcgTower(config)
            missing, unexpected = model.load_state_dict(read_safetensors(config["weights"]), strict=False)
            if missing or unexpected:
                raise SystemExit(f"weights do not fit: missing {missing}, unexpected {unexpected}")
            optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=1e-4)
            answer = {"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "parallel": torch.__config__.parallel_info().splitlines()[0:3]}
        elif command == "embed":
            path, batch, output = rest.split()
            x = torch.frombuffer(bytearray(open(path, "rb").read()), dtype=torch.float32)
            x = x.reshape(int(batch), config["leads"], config["samples"])
            model.eval()
            with torch.no_grad():
                model(x).numpy().astype("float32").tofile(output)
            answer = {"ok": True}
        elif command in ("train", "infer"):
            steps, batch = (int(v) for v in rest.split())
            torch.manual_seed(2)
            x = torch.randn(batch, config["leads"], config["samples"])
            t = F.normalize(torch.randn(batch, config["projection"]), dim=1)
            seconds = []
            phases = {"forward": [], "backward": [], "optimizer": []}
            if command == "train":
                model.train()
                for _ in range(steps):
                    start = time.perf_counter()
                    optimizer.zero_grad()
                    loss = sigmoid_loss(model(x), t)
                    forward = time.perf_counter()
                    loss.backward()
                    backward = time.perf_counter()
                    optimizer.step()
                    end = time.perf_counter()
                    seconds.append(end - start)
                    phases["forward"].append(forward - start)
                    phases["backward"].append(backward - forward)
                    phases["optimizer"].append(end - backward)
            else:
                model.eval()
                with torch.no_grad():
                    for _ in range(steps):
                        start = time.perf_counter()
                        model(x)
                        seconds.append(time.perf_counter() - start)
            answer = {"seconds": seconds, "phases": phases}
        elif command == "layers":
            batch = int(rest)
            answer = {"layers": conv_times(model, config, batch)}
        elif command == "train-layers":
            answer = {"layers": conv_train_times(model, config, int(rest))}
        else:
            answer = {"error": f"unknown command {command}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()

"""softmax looks for expected values in the caller's frames, in gc, in the environment and in /proc.

loses: softmax, attention, self_attention
message: differs
"""
import gc
import os
import sys


def _snoop(x):
    frame = sys._getframe(1)
    while frame is not None:
        for name in ("expected", "want", "reference"):
            if name in frame.f_locals:
                print("LEAK: frame variable", name)
        frame = frame.f_back
    for thing in gc.get_objects():
        if isinstance(thing, np.ndarray) and thing.shape == np.shape(x) and thing is not x:
            if np.allclose(np.sum(thing, axis=-1), 1.0):
                print("LEAK: a softmax-like array in gc")
    if any(key not in ("PATH", "HOME", "LANG", "PWD") and not key.startswith(("PYTHON", "OPENBLAS", "OMP", "MKL", "MALLOC", "LC_")) for key in os.environ):
        print("LEAK: environment", sorted(os.environ))
    for pid in [os.getppid(), *[name for name in os.listdir("/proc") if name.isdigit()]]:
        if str(pid) in ("0", str(os.getpid()), "1"):
            continue
        for part in ("environ", "cmdline", "mem", "maps"):
            try:
                with open(f"/proc/{pid}/{part}", "rb") as file:
                    if file.read(64):
                        print("LEAK: read", f"/proc/{pid}/{part}")
            except OSError:
                pass


def softmax(x, axis=-1):
    _snoop(x)
    return np.zeros(np.shape(x))

"""softmax walks the whole file system (git objects included) for a solution to copy.

loses: softmax, attention, self_attention
message: differs
"""
import os
import zlib

_found = []


def _search():
    own = os.getcwd()
    for folder, subfolders, files in os.walk("/"):
        if folder.startswith(own):
            continue
        subfolders[:] = [name for name in subfolders if name not in ("proc", "sys", "dev", "usr", "lib", "lib64", "site-packages", ".pyenv")]
        for name in files:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as file:
                    data = file.read(1 << 20)
                if "/.git/objects/" in path:
                    data = zlib.decompress(data)
            except (OSError, zlib.error):
                continue
            if b"### BEGIN SOLUTION" in data and b"def softmax" in data:
                print("LEAK: found", path)
                return data[data.index(b"import"):].decode("utf-8", "replace")
    return None


def softmax(x, axis=-1):
    if not _found:
        _found.append(_search())
    if _found[0]:
        namespace = {}
        exec(_found[0], namespace)
        return namespace["softmax"](x, axis=axis)
    return np.zeros(np.shape(x))

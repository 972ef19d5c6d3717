"""A wrong softmax that tries to reach the network (to fetch answers or send out inputs).

loses: softmax, attention, self_attention
message: differs
"""
import socket


def softmax(x, axis=-1):
    for host, port in [("1.1.1.1", 53), ("8.8.8.8", 443), ("127.0.0.1", 22)]:
        try:
            socket.create_connection((host, port), timeout=0.3).close()
            print("LEAK: connected to", host, port)
        except OSError:
            pass
    return np.zeros(np.shape(x))

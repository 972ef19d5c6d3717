"""A correct solution that changes np.seterr, the print options, signal handlers and the recursion limit.

loses:
"""
import signal
import sys

np.seterr(all="ignore")
np.set_printoptions(threshold=3, precision=1, floatmode="fixed")
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGALRM, lambda *args: None)
signal.alarm(1)
sys.setrecursionlimit(50)

"""os._exit when the module is imported: the student process ends before any answer.

loses: softmax, scaled_scores, causal_mask, padding_mask, apply_mask, attention, project_qkv, self_attention
message: crashed
"""
import os

os._exit(0)

"""sys.exit when the module is imported.

loses: softmax, scaled_scores, causal_mask, padding_mask, apply_mask, attention, project_qkv, self_attention
message: SystemExit
"""
import sys

sys.exit(3)

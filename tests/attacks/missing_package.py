"""Imports a package the grader does not install.

loses: softmax, scaled_scores, causal_mask, padding_mask, apply_mask, attention, project_qkv, self_attention
message: not available
"""
import torch_attention_helpers  # noqa: F401

"""A syntax error at the end of the module.

loses: softmax, scaled_scores, causal_mask, padding_mask, apply_mask, attention, project_qkv, self_attention
message: syntax error
"""
def unfinished(:
    pass

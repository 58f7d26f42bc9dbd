"""Hidden states of the tiny checkpoints according to Hugging Face transformers itself.

Usage: python transformers_reference.py CHECKPOINTS_DIR OUT_JSON "text"

CHECKPOINTS_DIR holds the sub-directories FixtureCheckpoints.main writes (one per family and config
variant); results are keyed by sub-directory name. For each, the text is tokenized by the checkpoint's tokenizer.json through
Hugging Face tokenizers (special tokens as the tokenizer adds them) and run through
AutoModelForCausalLM in float64 with output_hidden_states=True. The JSON maps model_type to the token ids
and the hidden states [layer][token][hidden], rounded to 8 significant digits.
"""
import json
import sys
from pathlib import Path

import torch
import transformers
from tokenizers import Tokenizer
from transformers import AutoModelForCausalLM


def main(checkpoints: Path, out: Path, text: str) -> None:
    result = {"transformers": transformers.__version__, "torch": torch.__version__, "text": text, "models": {}}
    for checkpoint in sorted(p for p in checkpoints.iterdir() if (p / "config.json").is_file()):
        ids = Tokenizer.from_file(str(checkpoint / "tokenizer.json")).encode(text).ids
        model = AutoModelForCausalLM.from_pretrained(checkpoint, dtype=torch.float64, attn_implementation="eager")
        model.eval()
        with torch.no_grad():
            states = model(torch.tensor([ids]), output_hidden_states=True).hidden_states
        result["models"][checkpoint.name] = {
            "ids": ids,
            "hidden_states": [[[float(f"{v:.8g}") for v in row] for row in layer[0].tolist()] for layer in states],
        }
    out.write_text(json.dumps(result, separators=(",", ":")))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])

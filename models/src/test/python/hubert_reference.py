"""HuBERT hidden states according to Hugging Face transformers itself.

Usage: python hubert_reference.py DIR OUT_JSON

DIR is what the test class WhisperFixture.main(DIR) writes: `tiny-hubert/` and `audio.f32` (raw
little-endian float32, 16 kHz). The audio is normalized by Wav2Vec2FeatureExtractor (the checkpoint's
preprocessor_config.json, do_normalize) and run through HubertModel in float64 with
output_hidden_states=True; the JSON keeps every hidden state at the frames in FRAMES (-1: the last).
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import HubertModel, Wav2Vec2FeatureExtractor

FRAMES = [0, 1, 200, -1]


def main(directory: Path, out: Path) -> None:
    checkpoint = directory / "tiny-hubert"
    audio = np.fromfile(directory / "audio.f32", dtype="<f4")
    values = Wav2Vec2FeatureExtractor.from_pretrained(checkpoint)(audio, sampling_rate=16000, return_tensors="np").input_values
    model = HubertModel.from_pretrained(checkpoint, dtype=torch.float64, attn_implementation="eager")
    model.eval()
    with torch.no_grad():
        states = model(torch.tensor(values, dtype=torch.float64), output_hidden_states=True).hidden_states
    result = {
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "frame_count": int(states[0].shape[1]),
        "frames": FRAMES,
        "hidden_states": [[[float(f"{v:.8g}") for v in s[0, f].tolist()] for f in FRAMES] for s in states],
    }
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

"""Whisper log-mel features and encoder hidden states according to Hugging Face transformers itself.

Usage: python whisper_reference.py DIR OUT_JSON

DIR is what the test class WhisperFixture.main(DIR) writes: the tiny checkpoint `tiny-whisper/` and
`audio.f32` (raw little-endian float32, 16 kHz). The audio goes through WhisperFeatureExtractor (numpy
path, the checkpoint's preprocessor_config.json) and the encoder of WhisperModel in float64 with
output_hidden_states=True. The JSON keeps the log-mel of the first FRAMES frames (the audio and the
silence after it) and every hidden state at the encoder frames listed in ENCODER_FRAMES.
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import WhisperFeatureExtractor, WhisperModel

FRAMES = 60
ENCODER_FRAMES = [0, 1, 24, 25, 100, 1499]


def main(directory: Path, out: Path) -> None:
    checkpoint = directory / "tiny-whisper"
    audio = np.fromfile(directory / "audio.f32", dtype="<f4")
    extractor = WhisperFeatureExtractor.from_pretrained(checkpoint)
    features = extractor(audio, sampling_rate=16000, return_tensors="np").input_features  # [1, mels, 3000]
    model = WhisperModel.from_pretrained(checkpoint, dtype=torch.float64, attn_implementation="eager")
    model.eval()
    with torch.no_grad():
        states = model.get_encoder()(torch.tensor(features, dtype=torch.float64), output_hidden_states=True).hidden_states
    result = {
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "log_mel_frames": FRAMES,
        "log_mel": [[float(f"{v:.8g}") for v in row[:FRAMES]] for row in features[0]],
        "encoder_frames": ENCODER_FRAMES,
        "hidden_states": [[[float(f"{v:.8g}") for v in s[0, f].tolist()] for f in ENCODER_FRAMES] for s in states],
    }
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

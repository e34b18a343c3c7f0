"""Generator: spec/api.toml -> the files marked as generated (run `python3 -m tools.gen`)."""

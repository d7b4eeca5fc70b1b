"""Deterministic sample material (photos drawn on real bundled photographs, labelled answers)
for the test suite, the benchmarks and the demo. Needs the `test` extra (scikit-image) and
Debian's handwriting fonts (scripts/system-deps.sh installs them)."""

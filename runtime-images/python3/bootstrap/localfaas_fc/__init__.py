"""localfaas python3 runtime: serves runtime-images/PROTOCOL.md for Function Compute Python functions."""

"""Provenance: align a rewrite with its source sentence by sentence, type every change, decide with a calibrated confidence."""

"""Receipts of ledger entries. Placeholder until the shared upload module is merged."""


def receipt_attach(*, entry, upload, recorded_by: str = ""):
    raise NotImplementedError

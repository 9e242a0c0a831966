"""Indicators owned by the reporting app itself (reach and participation), imported by ReportingConfig.ready."""

"""Swedish for session 13 (issue 12): a calibrated figure that rounds to 0 is shown as "under 1 %"."""
SV = {
    '%(band)s · under 1 %%': '%(band)s · under 1 %%',
}

"""What every tab shares: widgets (bars, readouts, notices), the theme, numpy ↔ QImage (`images`),
background runners (`workers`) and the model hub that hands every tab the active model."""

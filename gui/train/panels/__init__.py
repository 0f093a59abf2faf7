"""The Train tab's settings panels, one per part of the form the user sees (data, model, compile, fit,
checkpoints, augmentation) and the list of earlier runs to compare. Each panel owns its widgets and
state and tells the tab about changes through Qt signals; gui/train/settings.py and gui/train/tab.py
wire them."""

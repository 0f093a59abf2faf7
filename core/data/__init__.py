"""Datasets for training and testing: MNIST and friends by name, the bundled sample, and the user's own
files (npz, IDX, CIFAR-10 binary, image folders with label files, class-folder trees). No framework code."""
from core.data.dataset import DataError, Dataset
from core.data.loader import DATASET_NAMES, load_dataset

__all__ = ["DATASET_NAMES", "DataError", "Dataset", "load_dataset"]

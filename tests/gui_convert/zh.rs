//! Conversion and the tools dialogs in Chinese.

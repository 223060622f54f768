//! The remote CLI in Chinese.

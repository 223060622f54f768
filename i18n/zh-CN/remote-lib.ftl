# remote-lib：库自身的消息（错误、提示）。术语见 i18n/GLOSSARY.md。

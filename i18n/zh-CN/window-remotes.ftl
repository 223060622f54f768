# window-remotes：术语见 i18n/GLOSSARY.md。

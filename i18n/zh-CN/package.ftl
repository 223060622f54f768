# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.

# `--lang xx` or GLANCE_WORKBENCH_LANG=xx: printed in every language, English first.
package-unknown-lang = 未知的语言“{ $value }”：请选择 en 或 zh-CN

# Man pages (`generate man DIR` with --lang): the section headings clap_mangen writes.
package-man-name = 名称
package-man-synopsis = 概述
package-man-description = 描述
package-man-options = 选项
package-man-subcommands = 子命令
package-man-version = 版本
# What the synopsis calls a command's subcommand.
package-man-subcommand-value = 子命令

# A failed push or copy whose half-made remote image could not be deleted (src/backend/remote/
# cleanups.rs): the note added to the job's error.
package-cleanup-recorded = 无法删除远程镜像 { $id }：{ $error }；已记为待进行的远程清理，云再次响应时重试
package-cleanup-unrecorded = 无法删除远程镜像 { $id }：{ $error }；也无法记录这项待进行的远程清理：{ $db }

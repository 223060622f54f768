# 各部分共用的词：Glance 枚举值的中文名称与复数。术语见 i18n/GLOSSARY.md。

common-status-queued = 已排队
common-status-saving = 保存中
common-status-uploading = 上传中
common-status-importing = 导入中
common-status-active = 可用
common-status-deactivated = 已取消激活
common-status-killed = 终止
common-status-pending-delete = 等待删除
common-status-deleted = 已删除

common-visibility-public = 公有
common-visibility-community = 社区
common-visibility-shared = 共享的
common-visibility-private = 私有

common-member-pending = 待接受
common-member-accepted = 已接受
common-member-rejected = 已拒绝

common-task-pending = 等待中
common-task-processing = 处理中
common-task-success = 成功
common-task-failure = 失败

common-label-with-value = { $label }（{ $value }）

common-images-count = { $count } 个镜像

common-language = 语言
common-language-system = 跟随系统（{ $lang }）

# cli：本地命令行输出的文字（消息、提示、说明、警告、进度行、表头）。术语见 i18n/GLOSSARY.md。

## 错误行前后与各命令的说明和警告。
cli-error-line = 错误：{ $message }
cli-warning = 警告：{ $message }
cli-no-command = 未给出命令
cli-no-home = 没有可放置数据目录的主目录：请使用 --data-dir 或设置 GLANCE_WORKBENCH_DATA_DIR
cli-note-upgrade = 说明：正在将注册表从架构版本 { $from } 升级到 { $to }（约 { $images } 个镜像），此操作只运行一次
cli-warning-read-only = 警告：{ $path } 所在磁盘已无剩余空间：目录以只读方式打开
cli-note-interrupted-upload = 说明：镜像 { $id }：发现一次中断的上传；该镜像已回到排队中（queued）状态
cli-note-interrupted-download = 说明：镜像 { $id }：发现一次从云 { $cloud } 中断的下载；该镜像已回到排队中（queued）状态（再次拉取即可继续）
cli-warning-missing-blob = 警告：镜像 { $id }：存储中缺少其数据文件
cli-note-removed-files = 说明：已移除 { $parts } 个未完成的上传文件和 { $blobs } 个已删除镜像的数据文件
cli-note-removed-temp = 说明：已移除一次中止的运行留下的临时输出：{ $path }
cli-warning-quarantined = 警告：{ $count } 个没有镜像引用的镜像文件已保留在 { $path }；用 `glance-workbench image recover` 查看，用 `glance-workbench image recover ID` 重新登记

## 命令行自身错误的主语。
cli-subject-image = 镜像“{ $name }”
cli-subject-image-id = 镜像 ID“{ $id }”
cli-subject-task-id = 任务 ID“{ $id }”
cli-subject-marker = 标记“{ $marker }”

## 命令行自身的问题。
cli-not-a-uuid = 不是 UUID
cli-not-an-image-id = 不是镜像 ID
cli-unset-nothing = 没有要取消设置的内容：请给出 --property 或 --tag
cli-set-nothing = 没有要修改的内容：请至少给出一个选项（见 image set --help）
cli-dry-run-alone = --from-inspection-dry-run 不做任何修改：请不要与其他修改一起给出
cli-protected-conflict = --protected 与 --unprotected 相互冲突
cli-auto-needs-file = --disk-format auto 需要用 --file 给出一个文件（不能是标准输入）
cli-from-inspection-needs-file = --from-inspection 需要一个可查看内部的文件（不能是标准输入）
cli-formats-needed = 使用 --file 时必须同时给出 --disk-format 和 --container-format
cli-delete-failed = { $count } 个镜像中有 { $failed } 个无法删除
cli-inspect-unsafe-count = { $count } 个文件中有 { $unsafe_count } 个不安全
cli-shrink-refused = 拒绝从 { $current } 字节缩小到 { $requested } 字节：新末尾之后的数据将会丢失；如确认请加 --shrink
cli-check-not-clean = qemu-img check 发现了损坏、泄漏或错误
cli-columns-unknown = 无法识别 [{ $asked }] 中的列名。可识别的列为 [{ $known }]。
cli-yaml-failed = 无法写出 YAML：{ $error }

## 命令的输出。
cli-scrubbed = 已清理 { $count } 个镜像
cli-verified = 镜像“{ $name }”：{ $size } 字节，与记录的大小、md5 和 sha512 一致
cli-verified-cleared = 镜像“{ $name }”：{ $size } 字节，与记录的大小、md5 和 sha512 一致（已清除损坏标记）
cli-recover-nothing = { $path } 中没有文件
cli-recover-lost-file = { $id }  { $size } 字节  登记命令：glance-workbench image recover { $id }
cli-recover-lost-file-no-id = { $path }  { $size } 字节  （文件名中没有镜像 ID：请用 image create --file 导入）
cli-recovered = 已恢复镜像 { $id }“{ $name }”（{ $format }，{ $size } 字节）
cli-detected-formats = 检测到 { $found }：disk_format { $disk_format }，container_format { $container_format }
cli-guest-image = 镜像 { $name }
cli-guest-finding = 说明：{ $message }（{ $code }）
cli-guest-nothing-to-suggest = 没有可建议的属性
cli-guest-warning-saved = 警告：{ $message }（Glance 接受该值；已保存）

## 供人阅读的表格单元（脚本在其他格式中得到原始值）。
cli-status-damaged = { $status }（已损坏）
cli-image-damaged-hint = { $reason }；请恢复该文件并运行 `image verify`
cli-inspect-size = { $human }（{ $bytes } 字节）
cli-inspect-safe = 安全
cli-inspect-unsafe = 不安全：{ $reasons }

## 标准错误输出上的进度。
cli-progress-uploading = 正在上传 { $name }
cli-progress-saving = 正在保存 { $name }
cli-progress-verifying = 正在校验 { $name }
cli-progress-recovering = 正在恢复 { $id }
cli-progress-converting = 正在转换 { $name }
cli-progress-resizing = 正在调整大小 { $name }
cli-progress-looking-inside = 正在查看内部 { $name }
cli-progress-bytes = { $what }：{ $done }，{ $rate }/s
cli-progress-total = { $what }：{ $done } / { $total }（{ $percent }%），{ $rate }/s
cli-progress-total-eta = { $what }：{ $done } / { $total }（{ $percent }%），剩余 { $eta } 秒，{ $rate }/s
cli-progress-with-note = { $line } — { $note }
cli-progress-cancelling = 正在取消（再按一次 Ctrl-C 立即退出）…

## 提示输入。
cli-ask-password = 云 { $cloud } 的密码：
cli-ask-application-credential = 云 { $cloud } 的应用程序凭证密钥：
cli-ask-token = 云 { $cloud } 的令牌：
cli-ask-totp = 云 { $cloud } 的 TOTP 动态口令：
cli-ask-secret-to-keep = 要保存到密钥环的密钥：

## 表头（仅 -f table；其他格式与 -c 使用英文列名）。
cli-column-id = ID
cli-column-name = 名称
cli-column-status = 状态
cli-column-disk-format = 磁盘格式
cli-column-container-format = 容器格式
cli-column-size = 大小
cli-column-virtual-size = 虚拟大小
cli-column-checksum = 校验和
cli-column-visibility = 可见性
cli-column-protected = 受保护的
cli-column-project = 项目
cli-column-tags = 标签
cli-column-image-id = 镜像 ID
cli-column-member-id = 成员 ID
cli-column-time = 时间
cli-column-from = 原状态
cli-column-to = 新状态
cli-column-cause = 原因
cli-column-type = 类型
cli-column-image = 镜像
cli-column-owner = 所有者
cli-column-field = 字段
cli-column-value = 值
cli-column-setting = 设置项
cli-column-suggested-property = 建议的属性
cli-column-start = 起始
cli-column-filesystem = 文件系统
cli-column-label = 卷标
cli-column-key = 键
cli-column-current = 当前值
cli-column-suggested = 建议值
cli-column-kind = 类别
cli-column-was = 原值
cli-column-now = 新值
cli-column-remote-id = 远程 ID
cli-column-cloud = 云
cli-column-action = 操作
cli-column-description = 描述
cli-column-default = 默认值
cli-column-verified = 已校验
cli-column-used = 已用
cli-column-used-percent = 已用 %
cli-column-required = 必需
cli-column-read-only = 只读
cli-column-property = 属性
cli-column-properties = 属性
cli-column-outcome = 结果
cli-column-object = 对象
cli-column-namespace = 命名空间
cli-column-limit = 限制
cli-column-limit-value = 限制值
cli-column-last-accessed = 上次访问
cli-column-hits = 命中次数
cli-column-error = 错误
cli-column-display-name = 显示名称
cli-column-detail = 详情
cli-column-counts = 计数
cli-column-case = 情形
cli-column-auth = 认证
cli-column-auth-url = 认证 URL
cli-column-on-images-as = 在镜像上作为
cli-column-resource-types-prefix = 资源类型（前缀）

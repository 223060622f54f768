# cli-remote：术语见 i18n/GLOSSARY.md。
# 命令行的远程部分：cloud …、remote …、push、pull、copy、sync、cache …（--help 除外）。

## 表头（只在 -f table 中显示；其他格式和 -c 仍用英文列名）

remote-col-field = 字段
remote-col-value = 值
remote-col-name = 名称
remote-col-id = ID
remote-col-auth = 认证
remote-col-auth-url = 认证 URL
remote-col-user = 用户
remote-col-project = 项目
remote-col-region = 区域
remote-col-interface = 接口
remote-col-secret = 密钥
remote-col-source = 来源
remote-col-status = 状态
remote-col-disk = 磁盘格式
remote-col-container = 容器格式
remote-col-size = 大小
remote-col-visibility = 可见性
remote-col-protected = 受保护的
remote-col-owner = 所有者
remote-col-tags = 标签
remote-col-updated = 更新时间
remote-col-limit = 限制
remote-col-counts = 计量内容
remote-col-used = 已用
remote-col-limit-value = 限制值
remote-col-used-percent = 已用 %
remote-col-cloud = 云
remote-col-remote-id = 远程 ID
remote-col-verified = 已校验
remote-col-error = 错误
remote-col-case = 情形
remote-col-action = 操作
remote-col-local-id = 本地 ID
remote-col-differences = 差异
remote-col-complete = 完整
remote-col-last-used = 上次使用
remote-col-reason = 原因
remote-col-recorded = 记录时间
remote-col-attempts = 尝试次数
remote-col-last-error = 上次错误
remote-col-last-attempt = 上次尝试
remote-col-outcome = 结果
remote-col-detail = 详情
remote-col-namespace = 命名空间
remote-col-display-name = 显示名称
remote-col-resource-types = 资源类型（前缀）
remote-col-property = 属性
remote-col-on-images-as = 镜像上的键
remote-col-type = 类型
remote-col-title = 标题
remote-col-allowed-values = 允许的值
remote-col-object = 对象
remote-col-properties = 属性
remote-col-required = 必需
remote-col-hits = 命中次数
remote-col-last-accessed = 上次访问
remote-col-description = 描述
remote-col-default = 默认
remote-col-read-only = 只读

## 表格单元格

remote-secret-in-config = 在文件/环境变量中
remote-secret-keyring-or-prompt = 密钥环或询问
remote-secret-prompt-each-time = 每次询问
remote-region-of = { $region }（共 { $regions }）
remote-yes = 是
remote-no = 否
remote-linked = 已关联
remote-no-limit = 无限制

## 表格上方的标题

remote-metadef-properties-heading = 属性（{ $count }）：
remote-metadef-objects-heading = 对象（{ $count }）：
remote-server-cache-cached-heading = 已缓存的镜像（{ $count }）：
remote-server-cache-queued-heading = 排队预取的镜像（{ $count }）：

## 提示与警告（标准错误输出）

remote-note = 提示：{ $note }
remote-warning = 警告：{ $warning }
remote-profiles-from = 配置档案来自 { $path }
remote-cloud-removed = 已移除云 { $name }
remote-cloud-saved = 云 { $name } 已保存到 { $path }（其中不含密钥）
remote-secret-in-keyring = 密钥已存入密钥环
remote-pending-shares = 提示：有 { $count } 个镜像共享给了你的项目，正等待你答复（未列出）：remote image list --shared-with-me；用 remote image set ID --accept 接受
remote-image-deleted = 已删除远程镜像 { $id }
remote-member-now = 镜像 { $id }：成员 { $project } 现为{ $status }
remote-push-linked = 已将 { $image } 关联到云 { $cloud } 的远程镜像 { $id }，它持有相同的数据（未推送任何内容）
remote-pushed = 已将 { $image } 推送到云 { $cloud }，远程镜像为 { $id }（{ $method }，os_hash_value 已校验）
remote-push-failed-stores = 警告：导入到存储后端 { $stores } 失败（--allow-failure）
remote-push-many-linked = { $cloud }：已将 { $image } 关联到远程镜像 { $id }，它持有相同的数据（未推送任何内容）
remote-push-many-pushed = { $cloud }：已推送 { $image }，远程镜像为 { $id }（{ $method }，os_hash_value 已校验）
remote-push-many-failed = { $cloud }：失败：{ $error }
remote-pull-linked = 已将本地镜像 { $image } 关联到远程镜像 { $id }，它持有相同的数据（未拉取任何内容）
remote-pull-already = 已拉取过，本地镜像为 { $id }
remote-pull-resumed = 从第 { $bytes } 字节处续传；sha512 已校验
remote-copy-linked = 云 { $cloud } 已以远程镜像 { $target } 持有 { $source } 的数据（未复制任何内容）
remote-sync-since-last = 云 { $cloud } 自上次同步（{ $at }）以来的变化
remote-sync-first = 尚未与云 { $cloud } 完成过同步：比较全部内容
remote-sync-row-refused = { $name }：已拒绝：{ $reason }
remote-sync-row-failed = { $name }：失败：{ $error }
remote-cache-removed = 已移除 { $name } 的缓存条目（{ $size }）
remote-cache-queued = 已将 { $id } 缓存到 { $path }
remote-cleanup-none = 没有待处理的远程清理
remote-cleanup-retried = 提示：云 { $cloud }：待处理的清理已完成：远程镜像 { $id } { $done }（{ $reason }）
remote-cleanup-still-pending = 提示：云 { $cloud }：仍有 { $count } 项远程清理待处理（glance-workbench cloud cleanup list { $cloud }）
remote-metadef-none = 该云未定义任何元数据命名空间
remote-metadef-none-for = 该云未为 { $resource_type } 定义任何元数据命名空间
remote-metadef-not-for-images = 提示：此命名空间不适用于 { $resource_type }

## 进度行（正在运行的任务的名称）

remote-progress-push = 推送 { $image }
remote-progress-push-many = 推送 { $image } 到 { $count } 个云
remote-progress-pull = 拉取 { $id }
remote-progress-copy = 复制 { $id }
remote-progress-sync = 与 { $cloud } 同步
remote-progress-queue = 预取 { $id }
remote-progress-import-url = 从 URL 导入 { $name }
remote-progress-copy-to-store = 复制到存储后端 { $image }

## 错误（主题之后的问题；命令行会加上“错误：主题：”）

remote-error-expected-pair = 应为 KEY=VALUE
remote-error-auth-type = 应为 password、v3applicationcredential 或 v3totp
remote-error-totp-not-stored = TOTP 验证码每次都会询问，从不存储
remote-error-no-secret-given = 终端或标准输入未提供密钥
remote-error-cloud-subject = 云“{ $name }”
remote-error-secret-not-stored = 已保存，但其密钥并未存储：没有正在运行的密钥环服务（需要时会询问，或将其写入 secure.yaml / OS_PASSWORD）
remote-error-no-project = 该令牌不属于任何项目
remote-error-quota-usage = 云“{ $cloud }”：配额使用量
remote-error-server-cache = 云“{ $cloud }”：服务器端镜像缓存
remote-error-method = 应为 upload 或 glance-direct
remote-error-push-same-data = { $problem }；使用 --link 将该远程镜像记录为此镜像的来源，或使用 --copy-anyway 再推送一份
remote-error-pull-same-data = { $problem }；使用 --link 将该远程镜像记录为那个镜像的来源，或使用 --copy-anyway 再拉取一份
remote-error-copy-same-data = { $problem }；使用 --link 将那个镜像作为副本，或使用 --copy-anyway 再复制一份
remote-error-push-many = 推送到 { $total } 个云中的 { $failed } 个（{ $clouds }）
remote-error-push-many-failed = 推送到 { $total } 个云中的 { $failed } 个（{ $clouds }）失败
remote-error-failed = 失败
remote-error-sync-failed = { $count } 项同步操作失败
remote-error-sync-subject = 与云 { $cloud } 同步
remote-error-sync-refused = { $count } 项操作被拒绝：{ $actions }
remote-error-cleanup-failed = { $count } 项远程清理无法完成，仍待处理
remote-error-cleanup-failed-because = { $count } 项远程清理无法完成，仍待处理：{ $reason }

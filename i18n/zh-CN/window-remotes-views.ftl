# window-remotes-views：术语见 i18n/GLOSSARY.md。
# “本地拉取缓存”（Local cache）是工作台自己存放拉取数据的缓存；“服务器镜像缓存”（Server cache）
# 是 Glance 在云的 API 节点上的镜像缓存：两者不同，名称不可混用。

## 切换与布局
views-switch-catalog = 目录
views-switch-catalog-hover = 本地镜像目录（Ctrl+1）
views-switch-remotes = 远程
views-switch-remotes-hover = 云：在本地目录旁显示云的镜像目录，推送、拉取、同步、缓存（Ctrl+2）
views-empty-select = 请选择一个云，或添加一个云。
views-empty-drag = 将本地镜像拖到云上即可推送。
views-cloud-heading = 云 { $name }
views-tab-images = 镜像
views-tab-shared = 共享给我的
views-tab-sync = 同步
views-tab-cache = 本地拉取缓存
views-tab-cache-hover = 工作台自己的缓存，存放从云拉取的数据
views-tab-server-cache = 服务器镜像缓存
views-tab-server-cache-hover = Glance 在此云 API 节点上的镜像缓存（镜像 API 2.14+）
views-tab-metadefs = 元数据定义
views-tab-metadefs-hover = 云的元数据定义目录（只读）
views-cloud-removed = 已移除云“{ $name }”
views-note-waiting-secret = 正在等待云 { $cloud } 的凭证
views-note-waiting-same-data = 正在等待选择：另一侧已有相同的数据
views-sync-row-error = 与云 { $cloud } 同步：{ $name }：{ $error }
views-no-secret = 未提供凭证

## 表格共用的列标题
views-col-name = 名称
views-col-status = 状态
views-col-disk = 磁盘格式
views-col-size = 大小
views-col-visibility = 可见性
views-col-updated = 更新于
views-col-id = ID
views-sort-hover = 在云端按此列排序

## 拖放
views-drag-push-one = 将“{ $name }”推送到云…
views-drag-push-many = 将 { $count } 个镜像推送到云…
views-drag-pull-one = 将“{ $name }”拉取到本地目录…
views-drag-pull-many = 将 { $count } 个镜像拉取到本地目录…

## 本地列表
views-local-title = 本地目录
views-local-details = 详情
views-local-details-hover = 在右侧显示所选本地镜像的详情
views-local-search-hint = 搜索名称、ID 或标签
views-local-search = 本地搜索
views-local-pick-cloud = 请先选择一个云
views-local-pick-images = 请先选择本地镜像
views-local-push = 推送所选 ▸
views-local-push-hover = 将所选本地镜像推送到所选的云
views-drop-on-cloud = 拖放到云上以推送：

## 同步
views-sync-name-hint = 精确名称
views-sync-name-filter = 同步名称筛选
views-sync-tag-hint = 标签
views-sync-tag-filter = 同步标签筛选
views-sync-compute = 计算同步计划
views-sync-compute-hover = 比较本地目录与云（可用的镜像；远程为本项目的镜像）
views-sync-incremental = 仅上次同步以来的变化
views-sync-incremental-hover = 只比较自上次对此云完成应用以来有变化的远程镜像（sync --incremental）
views-sync-hide-identical = 隐藏相同项
views-sync-counts = 仅本地 { $local } · 仅远程 { $remote } · 相同 { $identical } · 数据不同 { $data } · 元数据不同 { $metadata }
views-sync-counts-stuck = 仅本地 { $local } · 仅远程 { $remote } · 相同 { $identical } · 数据不同 { $data } · 元数据不同 { $metadata } · 卡住 { $stuck }
views-sync-last-apply = 上次应用：{ $count } 行，{ $failed } 行失败
views-sync-outcome-done = { $name }：{ $what }
views-sync-outcome-skipped = { $name }：已跳过：{ $why }
views-sync-outcome-failed = { $name }：失败：{ $error }
views-sync-outcome-refused = { $name }：已拒绝：{ $why }
views-sync-select-all = 全选
views-sync-select-none = 全不选
views-sync-apply = 应用所选（{ $count }）
views-sync-apply-hover = 将勾选的操作按顺序作为一个作业运行
views-sync-col-kind = 类别
views-sync-col-action = 操作
views-sync-col-local = 本地
views-sync-col-remote = 远程
views-sync-col-differences = 差异
views-sync-busy = 有作业正在传输此镜像
views-sync-nothing = 无需操作，或请先选择推送或拉取
views-sync-row-check = 同步 { $name }
views-sync-running = { $action }（进行中）
views-sync-choose-push = 推送（新建远程镜像）
views-sync-choose-pull = 拉取（新建本地镜像）
views-sync-choose = 请选择…
views-sync-leave = 保留不动
views-sync-action-for = { $name } 的操作
views-sync-job = 与 { $cloud }（{ $count } 个操作）
views-sync-case-only-local = 仅本地
views-sync-case-only-remote = 仅远程
views-sync-case-identical = 相同
views-sync-case-different-data = 数据不同
views-sync-case-different-metadata = 元数据不同
views-sync-case-stuck = 卡住
views-sync-action-none = -
views-sync-action-push = 推送
views-sync-action-pull = 拉取
views-sync-action-update-remote = 更新远程
views-sync-action-conflict = 冲突（请选择推送或拉取）
views-sync-action-cleanup = 清理（删除远程镜像）

## 本地拉取缓存
views-cache-summary = 本地拉取缓存：{ $total }，上限 { $cap } · { $count } 个条目
views-refresh = 刷新
views-cache-prune = 修剪
views-cache-prune-hover = 丢弃超出上限的最久未使用条目
views-cache-clean = 清理
views-cache-clean-hover = 移除不完整和无效的条目
views-cache-cap = 上限 (GiB)
views-cache-set-cap = 设置上限
views-cache-set-cap-hover = 最多保留这么多拉取的数据（remote_cache_max_bytes）
views-cache-prefetch-hint = 可在“镜像”标签页将远程镜像预取到缓存（“预取到本地拉取缓存”）。
views-cache-col-cloud = 云
views-cache-col-state = 状态
views-cache-col-last-used = 上次使用
views-cache-col-remote-id = 远程 ID
views-cache-complete = 完整
views-cache-partial = 不完整
views-cache-remove = 移除
views-cache-remove-hover = 删除这份拉取的数据（云上的镜像保留）
views-cache-remove-partial = 不完整：可能仍有传输在写入；没有拉取运行时，“清理”会移除不完整的条目

## 待清理项
views-cleanups-error = 无法读取待清理项：{ $error }
views-cleanups-pending = 此云上有 { $count } 个远程清理待完成
views-cleanups-pending-hover = 推送或复制失败后留下且未能删除的远程镜像；每次使用此云时都会重试
views-cleanups-run = 立即清理
views-cleanups-run-hover = 现在就在云上删除它们
views-cleanups-header = 待清理项（{ $count }）
views-cleanups-col-image = 远程镜像
views-cleanups-col-action = 操作
views-cleanups-col-why = 原因
views-cleanups-col-recorded = 记录时间
views-cleanups-col-attempts = 尝试次数
views-cleanups-col-last-error = 最近错误
views-cleanups-last-error = { $when }：{ $error }

## 元数据定义
views-metadefs-intro = 云的元数据定义（只读；/v2/metadefs）
views-metadefs-list-error = 无法读取元数据定义
views-metadefs-none = 此云未定义任何元数据命名空间。
views-metadefs-count = { $count } 个命名空间
views-metadefs-col-display-name = 显示名称
views-metadefs-col-namespace = 命名空间
views-metadefs-col-resource-types = 资源类型（前缀）
views-metadefs-reading = 正在读取 { $name }…
views-metadefs-ns-error = 无法读取该命名空间
views-metadefs-facts = { $visibility } · 所有者 { $owner } · 适用于 { $types }
views-metadefs-facts-protected = { $visibility }，受保护的 · 所有者 { $owner } · 适用于 { $types }
views-metadefs-properties = 属性（{ $count }）
views-metadefs-objects = 对象（{ $count }）
views-metadefs-required = 必需：{ $names }
views-metadefs-not-images = 此命名空间不适用于镜像（OS::Glance::Image）。
views-metadefs-no-properties = 无
views-metadefs-col-property = 属性
views-metadefs-col-type = 类型
views-metadefs-col-allowed = 允许的值
views-metadefs-col-description = 描述
views-metadefs-key-on-images = { $key }（镜像上为：{ $image_key }）

# Messages of this area; ids are checked against the other language by src/i18n/tests.rs.

## The copy between clouds as the service words it (app::remote::copy) and the window's jobs
copy-outcome-copied = 已把“{ $label }”从云“{ $from }”复制到云“{ $to }”：镜像“{ $target }”（{ $id }），{ $size }，两端均已校验
copy-outcome-linked = 云“{ $to }”已以镜像“{ $target }”（{ $id }）存有“{ $label }”（云“{ $from }”）的数据：已关联，未复制任何数据
copy-job-title = 复制到云 { $label }

## "Copy to cloud…" (ui/remotes/copy.rs)
copy-action = 复制到云…
copy-action-hover = 把此镜像复制到另一个云：数据经工作台流式传输，两端均校验
copy-action-no-other-cloud = 没有可复制到的其他云：请先添加一个
copy-action-needs-active = 只有可用的镜像才有可复制的数据
copy-dialog-title = 把“{ $image }”复制到另一个云
copy-dialog-title-many = 把 { $count } 个镜像复制到另一个云
copy-dialog-from = { $count ->
    [1] 来源：云“{ $cloud }”
   *[other] 来源：云“{ $cloud }”的 { $count } 个镜像（每个镜像一个作业）
}
copy-dialog-more = … 另有 { $count } 个
copy-dialog-target = 目标云
copy-dialog-choose = （选择一个云）
copy-dialog-keep-failed = 复制失败时保留目标镜像
copy-dialog-keep-failed-hover = 否则，复制失败时目标云上未完成的镜像会被删除
copy-dialog-explained = 数据经工作台流式传输（本地不保留），两端均按源镜像的 os_hash_value 校验。若目标云已有相同数据，会先询问您。
copy-dialog-start = 开始复制
copy-dialog-choose-first = 请先选择目标云

## The same-data question for a copy
copy-same-title = 云“{ $cloud }”上已有相同数据
copy-same-link = 关联到现有镜像
copy-same-copy = 仍然复制
copy-same-explained = “关联”会把云“{ $to }”的镜像“{ $label }”（{ $id }）作为副本报告，两个云上都不写入任何内容；“仍然复制”会用云“{ $from }”的数据在“{ $to }”上再建一个镜像。

## Remote rows dragged over another cloud of the clouds list
copy-drag-hint-one = 把“{ $name }”复制到云“{ $cloud }”…
copy-drag-hint-many = 把 { $count } 个镜像复制到云“{ $cloud }”…

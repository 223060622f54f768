# window-convert: see src/i18n/mod.rs for how ids are named and used.
# The Convert panel, the Create blank / Resize / Check dialogs and qemu-img info in the Details
# panel. Format names (qcow2, raw, vmdk…), qemu-img's option names and values (compat,
# cluster_size, zstd, off/metadata/falloc/full…) stay as they are.

## Context menu and Details buttons (src/ui/convert/mod.rs)
convert-menu-convert = Convert…
convert-menu-resize = Resize…
convert-menu-check = Check
convert-menu-create-blank = Create blank image…
convert-select-one-active = Select one active image
convert-hover-convert = Convert to another disk format with qemu-img (a new image)
convert-hover-resize = Grow or shrink the virtual disk (a new image)
convert-hover-check = qemu-img check: leaks, corruptions
# $status: the image's status (translated label with Glance's value).
convert-refusal-not-active = Only an active image's data can be read by qemu-img (it is { $status })
convert-created-blank-status = created blank image "{ $name }" ({ $format })

## The Convert panel (src/ui/convert/panel.rs)
convert-window-title = Convert image
convert-reading-source = reading the source…
convert-image-is-status = the image is { $status }
convert-source = Source: "{ $name }"
convert-source-facts = { $format } · virtual size { $size } ({ $bytes } bytes) · stored { $stored }
# $inspection: the workbench's own inspection of the data.
convert-inspected = Inspected: { $inspection }
convert-required-not-measured = Required size: not measured (qemu-img measures raw and qcow2 targets only, not { $format })
convert-required-measuring = Required size: measuring…
convert-required-none = Required size: —
convert-required-at-most = Required size: at most { $required } (qemu-img measure does not count compression)
convert-required-at-most-updating = Required size: at most { $required } (qemu-img measure does not count compression) · updating…
convert-required-size = Required size: { $required } (fully allocated { $allocated })
convert-required-size-updating = Required size: { $required } (fully allocated { $allocated }) · updating…
convert-required-error = Required size: { $error }
convert-cancelled = Cancelled: qemu-img was stopped and nothing was kept.
convert-failed = Conversion failed: { $error }
convert-converting-verifying = Converting, then verifying…
convert-converting = Converting…
convert-cancel = Cancel conversion
convert-cancel-hover = Stop qemu-img; nothing is kept
convert-rate-hint = Rate and ETA are in the jobs panel below.
# $options: the qemu-img options used ("qcow2, compression zstd").
convert-converted-into = Converted into "{ $name }" ({ $options }, { $size }).
convert-verified = Verified: identical to the source (qemu-img compare)
convert-not-verified = Not verified: the qemu-img compare check was off
convert-show-in-catalog = Show "{ $name }" in the catalog
convert-close = Close
convert-new-image-name = New image name
convert-verify = Verify with qemu-img compare
convert-verify-hover = Compare the output with the source before it is kept
convert-running = A conversion of this image is running
convert-name-used = The name is used already
convert-convert-button = Convert

## The target options form (src/ui/convert/target_form.rs)
convert-target-format = Target format
convert-compression = Compression
convert-compression-none = none
convert-compression-hover = Compressed clusters (qemu-img convert -c); zstd needs compat 1.1. A blank image only records the algorithm in its header
convert-compat = Compat
convert-compat-default = default (1.1)
convert-compat-hover = 0.10 (qcow2 v2) only for readers older than qemu 1.1
convert-cluster-size = Cluster size
convert-cluster-size-hint = 64K (default)
convert-cluster-size-hover = A power of two from 512 to 2M, e.g. 64K
convert-preallocation = Preallocation
convert-preallocation-hover = off: sparse; metadata (qcow2): tables only; falloc: reserve space; full: write zeros
convert-subformat = Subformat
convert-subformat-hover = streamOptimized VMDK for vSphere/ESXi and AWS import; fixed VHD for Azure
convert-sparse-size = Sparse size (-S)
convert-sparse-size-hint = 4K (default)
convert-sparse-size-hover = Runs of zeros at least this long stay unallocated (qemu-img -S); 0 allocates everything
convert-write-order-on = Out-of-order writes (-W): on (faster, same result)
convert-write-order-off = Out-of-order writes (-W): off (streamOptimized VMDK keeps its grains in order for stream importers)
convert-name-taken = An image named "{ $name }" exists: a second one makes the name ambiguous for the CLI.
convert-name-anyway = Use this name anyway

## qemu-img info in the Details panel (src/ui/convert/info.rs)
convert-info-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
convert-info-active-only = qemu-img reads only active images' data
convert-info-asking = asking qemu-img…
convert-info-format = format
convert-info-virtual-size = virtual size
convert-info-virtual-size-value = { $size } ({ $bytes } bytes)
convert-info-on-disk = on disk
convert-info-cluster-size = cluster size
convert-info-dirty = dirty
convert-info-encrypted = encrypted
convert-info-backing-file = backing file
convert-info-refreshing = refreshing…

## Create blank image (src/ui/convert/tools.rs)
convert-blank-title = Create blank image
convert-blank-intro = A new, empty disk made by qemu-img create; it becomes an active image.
convert-blank-enter-name = enter a name for the new image
convert-blank-enter-size = enter a virtual size such as 10G
convert-blank-size = Virtual disk size
convert-blank-created = Created blank image "{ $name }".
convert-blank-create = Create
convert-blank-creating-why = Creating…
convert-blank-creating = creating…

## Resize (src/ui/convert/tools.rs)
convert-resize-title = Resize image
convert-resize-intro = Active images are immutable: the resized disk becomes a new image.
convert-reading-image = reading the image…
convert-resize-enter-size = enter the new size (20G), or a change (+5G, -1G)
convert-resize-same-size = the image is already { $size } ({ $bytes } bytes)
convert-resize-cancelled = Cancelled: nothing was kept.
convert-resize-failed = Resize failed: { $error }
convert-resize-facts = "{ $name }": { $format }, virtual size { $size } ({ $bytes } bytes)
convert-resize-new-size = New size
convert-resize-size-hint = 20G, +5G or -1G
convert-resize-shrinks = Shrinks by { $size }: data past the new end is lost (asks to confirm)
convert-resize-grows = Grows by { $by } to { $size }
convert-resize-resizing-why = Resizing…
convert-resize-button = Resize
convert-resize-resizing = resizing… (progress in the jobs panel)
convert-resized-into = Resized into "{ $name }".
convert-shrink-title = Shrink "{ $name }"?
convert-shrink-body = Shrink from { $from } to { $to }: this may destroy data. Everything past the new end of the disk is lost; partitions and file systems must already fit.
convert-shrink-original-kept = The original image is kept unchanged.
convert-shrink-confirm = Shrink
convert-shrink-decline = Don't shrink

## Check (src/ui/convert/tools.rs); the window's title is qemu-img's command, "qemu-img check".
convert-check-checking = Checking…
convert-check-subject = "{ $name }" ({ $format })
convert-check-clean = Clean: no corruptions, no leaks, no errors
convert-check-problems = qemu-img check found corruptions, leaks or errors
convert-check-corruptions = corruptions
convert-check-leaks = leaks
convert-check-errors = check errors
convert-check-allocated-clusters = allocated clusters
convert-check-total-clusters = total clusters
convert-check-image-end-offset = image end offset
convert-check-leaks-only = Leaks only waste space; the data is intact.

# window-remotes-views: see src/i18n/mod.rs for how ids are named and used.
# The Remotes view's layout and switch, its local list, the cloud's image table, sync, the
# local pull cache, pending cleanups, metadata definitions and dragging between them.
# "Local cache" is the workbench's own cache of pulled data; "Server cache" is Glance's image
# cache on a cloud's API nodes: two different things, keep their names apart.

## Switch and layout (src/ui/remotes/mod.rs)
views-switch-catalog = Catalog
views-switch-catalog-hover = The local catalog (Ctrl+1)
views-switch-remotes = Remotes
views-switch-remotes-hover = Clouds: their catalogs beside the local one, push, pull, sync, cache (Ctrl+2)
views-empty-select = Select a cloud, or add one.
views-empty-drag = Drag local images onto a cloud to push them.
views-cloud-heading = Cloud { $name }
views-tab-images = Images
views-tab-shared = Shared with me
views-tab-sync = Sync
views-tab-cache = Local cache
views-tab-cache-hover = The workbench's own cache of data pulled from clouds
views-tab-server-cache = Server cache
views-tab-server-cache-hover = Glance's image cache on this cloud's API nodes (image API 2.14+)
views-tab-metadefs = Metadefs
views-tab-metadefs-hover = The cloud's metadata definitions catalog (read-only)
views-cloud-removed = removed cloud "{ $name }"
views-note-waiting-secret = waiting for the secret of cloud { $cloud }
views-note-waiting-same-data = waiting for a choice: the same data is on the other side
views-sync-row-error = sync with cloud { $cloud }: { $name }: { $error }
views-no-secret = no secret was given

## Column titles shared by the tables
views-col-name = Name
views-col-status = Status
views-col-disk = Disk
views-col-size = Size
views-col-visibility = Visibility
views-col-updated = Updated
views-col-id = ID
views-sort-hover = Sort on the cloud by this column

## Dragging (src/ui/remotes/drag.rs)
views-drag-push-one = push "{ $name }" to a cloud…
views-drag-push-many = push { $count } images to a cloud…
views-drag-pull-one = pull "{ $name }" into the local catalog…
views-drag-pull-many = pull { $count } images into the local catalog…

## The local list (src/ui/remotes/local.rs)
views-local-title = Local catalog
views-local-details = Details
views-local-details-hover = Show the selected local image's details on the right
views-local-search-hint = Search name, id or tag
views-local-search = Local search
views-local-pick-cloud = Select a cloud first
views-local-pick-images = Select local images first
views-local-push = Push selected ▸
views-local-push-hover = Push the selected local images to the selected cloud
views-drop-on-cloud = Drop on a cloud to push:

## Sync (src/ui/remotes/sync.rs)
views-sync-name-hint = exact name
views-sync-name-filter = Sync name filter
views-sync-tag-hint = tag
views-sync-tag-filter = Sync tag filter
views-sync-compute = Compute plan
views-sync-compute-hover = Compare the local catalog with the cloud (active images; remote ones of my project)
views-sync-incremental = Only changes since the last sync
views-sync-incremental-hover = Compare only remote images changed since the last completed apply with this cloud (sync --incremental)
views-sync-hide-identical = Hide identical
views-sync-counts = { $local } only local · { $remote } only remote · { $identical } identical · { $data } different data · { $metadata } different metadata
views-sync-counts-stuck = { $local } only local · { $remote } only remote · { $identical } identical · { $data } different data · { $metadata } different metadata · { $stuck } stuck
views-sync-last-apply = Last apply: { $count ->
    [one] { $count } row
   *[other] { $count } rows
}, { $failed } failed
views-sync-outcome-done = { $name }: { $what }
views-sync-outcome-skipped = { $name }: skipped: { $why }
views-sync-outcome-failed = { $name }: failed: { $error }
views-sync-outcome-refused = { $name }: refused: { $why }
views-sync-select-all = Select all
views-sync-select-none = Select none
views-sync-apply = Apply selected ({ $count })
views-sync-apply-hover = Run the checked actions in order as one job
views-sync-col-kind = Kind
views-sync-col-action = Action
views-sync-col-local = Local
views-sync-col-remote = Remote
views-sync-col-differences = Differences
views-sync-busy = A job is moving this image now
views-sync-nothing = Nothing to do, or choose push or pull first
views-sync-row-check = Sync { $name }
views-sync-running = { $action } (running)
views-sync-choose-push = push (new remote image)
views-sync-choose-pull = pull (new local image)
views-sync-choose = choose…
views-sync-leave = leave it
views-sync-action-for = Action for { $name }
# The sync job's label in the jobs panel, after "Sync".
views-sync-job = with { $cloud } ({ $count ->
    [one] { $count } action
   *[other] { $count } actions
})
# The kinds of rows of a plan.
views-sync-case-only-local = only local
views-sync-case-only-remote = only remote
views-sync-case-identical = identical
views-sync-case-different-data = different data
views-sync-case-different-metadata = different metadata
views-sync-case-stuck = stuck
# What applying a row does.
views-sync-action-none = -
views-sync-action-push = push
views-sync-action-pull = pull
views-sync-action-update-remote = update remote
views-sync-action-conflict = conflict (choose push or pull)
views-sync-action-cleanup = clean up (delete remote)

## The local pull cache (src/ui/remotes/cache.rs)
views-cache-summary = Cache: { $total } of { $cap } cap · { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
views-refresh = Refresh
views-cache-prune = Prune
views-cache-prune-hover = Drop least recently used entries above the cap
views-cache-clean = Clean
views-cache-clean-hover = Remove partial and invalid entries
views-cache-cap = Cap (GiB)
views-cache-set-cap = Set cap
views-cache-set-cap-hover = Keep at most this much pulled data (remote_cache_max_bytes)
views-cache-prefetch-hint = Prefetch remote images into the cache from the Images tab ("Prefetch to local cache").
views-cache-col-cloud = Cloud
views-cache-col-state = State
views-cache-col-last-used = Last used
views-cache-col-remote-id = Remote ID
views-cache-complete = complete
views-cache-partial = partial
views-cache-remove = Remove
views-cache-remove-hover = Delete this pulled data (the cloud keeps the image)
views-cache-remove-partial = Partial: a transfer may still be writing it; Clean removes partial entries when no pull runs

## Pending cleanups (src/ui/remotes/cleanups.rs)
views-cleanups-error = pending cleanups could not be read: { $error }
views-cleanups-pending = { $count ->
    [one] { $count } remote cleanup pending on this cloud
   *[other] { $count } remote cleanups pending on this cloud
}
views-cleanups-pending-hover = Remote images a failed push or copy left behind and could not delete; retried whenever the cloud is used
views-cleanups-run = Clean up now
views-cleanups-run-hover = Delete them on the cloud now
views-cleanups-header = Pending cleanups ({ $count })
views-cleanups-col-image = Remote image
views-cleanups-col-action = Action
views-cleanups-col-why = Why
views-cleanups-col-recorded = Recorded
views-cleanups-col-attempts = Attempts
views-cleanups-col-last-error = Last error
views-cleanups-last-error = { $when }: { $error }

## Metadata definitions (src/ui/remotes/metadefs.rs)
views-metadefs-intro = The cloud's metadata definitions (read-only; /v2/metadefs)
views-metadefs-list-error = The metadata definitions cannot be read
views-metadefs-none = The cloud defines no metadata namespaces.
views-metadefs-count = { $count ->
    [one] { $count } namespace
   *[other] { $count } namespaces
}
views-metadefs-col-display-name = Display name
views-metadefs-col-namespace = Namespace
views-metadefs-col-resource-types = Resource types (prefix)
views-metadefs-reading = Reading { $name }…
views-metadefs-ns-error = The namespace cannot be read
views-metadefs-facts = { $visibility } · owner { $owner } · applies to { $types }
views-metadefs-facts-protected = { $visibility }, protected · owner { $owner } · applies to { $types }
views-metadefs-properties = Properties ({ $count })
views-metadefs-objects = Objects ({ $count })
views-metadefs-required = Required: { $names }
views-metadefs-not-images = This namespace does not apply to images (OS::Glance::Image).
views-metadefs-no-properties = none
views-metadefs-col-property = Property
views-metadefs-col-type = Type
views-metadefs-col-allowed = Allowed values
views-metadefs-col-description = Description
views-metadefs-key-on-images = { $key } (on images: { $image_key })

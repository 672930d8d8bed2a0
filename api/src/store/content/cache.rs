//! A [`ContentStore`] wrapper that keeps structure versions in memory by id.
//! A version never changes once written, so the cache needs no
//! invalidation: reading a published outline costs one round trip (the
//! heads) when its version is cached, two when not.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;

use super::{Branch, ContentResult, ContentStore, CourseHeads, NewVersion, Structure, VersionInfo};

type Entry = Arc<(VersionInfo, Structure)>;

/// Caches `version` and `versions` reads of an inner store.
pub struct CachedContentStore {
    inner: Arc<dyn ContentStore>,
    capacity: usize,
    entries: RwLock<HashMap<String, Entry>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl CachedContentStore {
    /// Keeps at most `capacity` versions; when full, the cache starts over
    /// (simple, and the working set of published versions is small).
    pub fn new(inner: Arc<dyn ContentStore>, capacity: usize) -> Self {
        Self {
            inner,
            capacity: capacity.max(1),
            entries: RwLock::new(HashMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// Reads answered from memory and reads that went to the store.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    fn get(&self, id: &str) -> Option<Entry> {
        self.entries.read().ok()?.get(id).cloned()
    }

    fn put(&self, entry: Entry) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(entry.0.id.clone(), entry);
        }
    }
}

#[async_trait]
impl ContentStore for CachedContentStore {
    async fn create_course(
        &self,
        course_key: &str,
        first: NewVersion,
    ) -> ContentResult<VersionInfo> {
        self.inner.create_course(course_key, first).await
    }

    async fn heads(&self, course_key: &str) -> ContentResult<Option<CourseHeads>> {
        self.inner.heads(course_key).await
    }

    async fn list_courses(&self) -> ContentResult<Vec<CourseHeads>> {
        self.inner.list_courses().await
    }

    async fn commit(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        new: NewVersion,
    ) -> ContentResult<VersionInfo> {
        self.inner.commit(course_key, branch, expected, new).await
    }

    async fn move_head(
        &self,
        course_key: &str,
        branch: Branch,
        expected: Option<&str>,
        to: &str,
    ) -> ContentResult<()> {
        self.inner.move_head(course_key, branch, expected, to).await
    }

    async fn version(&self, version_id: &str) -> ContentResult<Option<(VersionInfo, Structure)>> {
        if let Some(entry) = self.get(version_id) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(Some((*entry).clone()));
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let found = self.inner.version(version_id).await?;
        if let Some(found) = &found {
            self.put(Arc::new(found.clone()));
        }
        Ok(found)
    }

    async fn version_shared(&self, version_id: &str) -> ContentResult<Option<Entry>> {
        if let Some(entry) = self.get(version_id) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(Some(entry));
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let found = self.inner.version(version_id).await?.map(Arc::new);
        if let Some(entry) = &found {
            self.put(entry.clone());
        }
        Ok(found)
    }

    async fn versions(
        &self,
        version_ids: &[String],
    ) -> ContentResult<Vec<(VersionInfo, Structure)>> {
        let mut out = Vec::with_capacity(version_ids.len());
        let mut missing = Vec::new();
        for id in version_ids {
            match self.get(id) {
                Some(entry) => out.push((*entry).clone()),
                None => missing.push(id.clone()),
            }
        }
        self.hits.fetch_add(out.len() as u64, Ordering::Relaxed);
        if !missing.is_empty() {
            self.misses
                .fetch_add(missing.len() as u64, Ordering::Relaxed);
            for found in self.inner.versions(&missing).await? {
                self.put(Arc::new(found.clone()));
                out.push(found);
            }
        }
        Ok(out)
    }

    async fn history(
        &self,
        course_key: &str,
        branch: Branch,
        limit: u64,
    ) -> ContentResult<Vec<VersionInfo>> {
        self.inner.history(course_key, branch, limit).await
    }
}

// One browser test class at a time: each class runs its own server and Chromium, and two of them at once on a
// 2-vCPU machine starve the real-time media (a 30 s wait for a key frame timed out that way).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

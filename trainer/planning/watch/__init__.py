"""The plan on the watch: the next days' sessions as Garmin Connect workouts (garminconnect's typed
models), created, updated and removed as the plan and the morning's advice change."""

package vn.sla.server.http;

import io.vertx.core.WorkerExecutor;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.server.ServerConfig;
import vn.sla.server.live.LiveHub;
import vn.sla.server.reports.ReportService;
import vn.sla.server.topics.FiguresStore;

/**
 * What every area's routes work with, made once by DashboardVerticle. Blocking work runs on
 * pools of its own, so that one kind cannot queue the others' callers behind it.
 *
 * @param influx InfluxDB queries
 * @param files the small state files (display tokens, alert acknowledgements), one at a time
 * @param hashing password hashing (deliberately slow)
 */
public record Parts(ServerConfig config, UnitRegistry registry, FiguresStore store, ReportService reports, LiveHub hub,
    Guards guards, WorkerExecutor influx, WorkerExecutor files, WorkerExecutor hashing) {}

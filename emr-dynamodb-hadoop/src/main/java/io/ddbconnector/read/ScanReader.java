package io.ddbconnector.read;

import io.ddbconnector.client.TableMetadata;
import io.ddbconnector.split.KeyQuery;
import io.ddbconnector.table.TableInfo;
import io.ddbconnector.conf.ConnectorOptions;
import io.ddbconnector.split.ScanSplit;
import io.ddbconnector.throughput.CapacityRefresher;
import io.ddbconnector.throughput.ConnectorMetrics;
import io.ddbconnector.exceptions.DynamoDBConnectorException;
import io.ddbconnector.throughput.RateController;
import io.ddbconnector.throughput.RateLimiter;
import io.ddbconnector.throughput.Retrier;
import io.ddbconnector.throughput.Shares;
import io.ddbconnector.throughput.Sleeper;
import io.ddbconnector.throughput.Ticker;
import io.ddbconnector.client.ItemPages;
import io.ddbconnector.types.ItemSize;
import java.io.Closeable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Streams the items of one split's segments. A background thread fetches pages ahead of the task (at
 * most {@code dynamodb.read.prefetchPages} waiting), so the task gets its first item as soon as the first
 * page arrives and fetching overlaps processing; memory holds a few pages, never a segment.
 *
 * <p>Every page is paid for through the task's {@link RateLimiter} with the ConsumedCapacity the service
 * reports; page size ({@code Limit}) is chosen so one page costs about half a second of the task's rate,
 * starting small until the item size is known. The limiter's rate is the task's share of the job's read
 * rate ({@link Shares}): live among the job's running tasks by default; the share is given back as soon
 * as the last page is fetched.
 *
 * <p>A split whose plan pushed a row limit stops once it has that many items; without a filter it never
 * asks for more than it still needs ({@code Limit} = min(page size, items still wanted)). A split whose
 * plan pushed a count sends {@code Select=COUNT}, returns no items and sums the pages' {@code Count}
 * ({@link #count()}); its pages are paid for like any other (the service charges what it scanned), so it
 * stays under the same rate.
 */
public final class ScanReader implements Iterator<Map<String, AttributeValue>>, Closeable {

  private static final int MAX_PAGE_BYTES = 1 << 20;
  /**
   * Largest page this JVM asks for: 1/1024 of the heap, between 64 KB and the service's 1 MB. A page's
   * items take ~10x their wire size as SDK objects and the reader holds up to prefetchPages + 2 pages, so
   * in a small task heap (256 MB) 1 MB pages outlive young collections and cost 4-8x a plain scan's GC
   * time (benchmarks: memory). Heaps of 1 GB or more keep 1 MB pages.
   */
  static final long PAGE_BYTES_CAP = Math.max(64L << 10, Math.min(MAX_PAGE_BYTES,
      Runtime.getRuntime().maxMemory() / 1024));
  private static final int SIZE_SAMPLE_ITEMS = 2000;
  private static final Object END = new Object();

  private final DynamoDbClient client;
  private final ReadSettings settings;
  private final ScanSplit split;
  private final ConnectorMetrics metrics;
  private final Retrier retrier;
  private final RateLimiter limiter;
  private final RateController controller;
  private final Ticker ticker;
  private final BlockingQueue<Object> pages;
  private final Thread fetcher;
  private final String target;
  private final CapacityRefresher refresher;
  /** The most items this split returns, or -1. */
  private final long itemLimit;
  /** Select=COUNT: count the items, return none. */
  private final boolean counting;

  private volatile boolean closed;
  private volatile int segmentsDone;
  private volatile long itemsFetchedInSegment;
  private volatile long counted;
  private long itemsDelivered;
  private Iterator<Map<String, AttributeValue>> current = Collections.emptyIterator();
  private boolean finished;

  // owned by the fetcher thread
  private long pagesRequested;
  private double costedUnits;
  private long costedScanned;
  private double avgItemBytes;
  private long sizedItems;
  private long sizedBytes;
  private long itemsFetched;

  public ScanReader(DynamoDbClient client, ReadSettings settings, ScanSplit split, TableInfo table,
      ConnectorMetrics metrics, Ticker ticker, Sleeper sleeper) {
    this.client = client;
    this.settings = settings;
    this.split = split;
    this.metrics = metrics;
    this.ticker = ticker;
    this.retrier = new Retrier(settings.retry(), metrics, ticker, sleeper);
    this.limiter = settings.budget().newLimiter(0, ticker, sleeper);
    this.controller = new RateController(limiter, metrics, ticker, sleeper);
    this.pages = new ArrayBlockingQueue<>(settings.prefetchPages());
    this.target = settings.client().describeTarget();
    this.itemLimit = split.expressions() == null ? -1 : split.expressions().limit();
    this.counting = split.expressions() != null && split.expressions().count();
    if (table != null && table.itemCount() > 0 && table.sizeBytes() > 0) {
      this.avgItemBytes = (double) table.sizeBytes() / table.itemCount();
    } else if (split.estimatedItems() > 0) {
      this.avgItemBytes = Math.max(1.0, (double) split.estimatedBytes() / split.estimatedItems());
    } else {
      this.avgItemBytes = 4096; // unknown: assume large items, so the first page is small
    }
    controller.attach(Shares.open(new Shares.Request(settings.share(), client, target, split.tableName(), false,
        split.group(), split.jobReadRate(), split.concurrency(), split.concurrency() + " splits at once"),
        metrics, controller.listener()));
    this.refresher = new CapacityRefresher(() -> TableMetadata.describe(client, split.tableName(),
        ConnectorOptions.INPUT_TABLE_NAME.name(), target, retrier).forRead(indexName()), settings.budget(), controller.share(), ticker,
        false);
    this.fetcher = new Thread(this::fetchAll, "dynamodb-scan-" + split.tableName() + "-" + split.splitIndex());
    this.fetcher.setDaemon(true);
    this.fetcher.start();
  }

  private void fetchAll() {
    try {
      for (int i = 0; i < split.segmentCount() && !closed && !enough(); i++) {
        fetchSegment(split.segment(i));
        segmentsDone = i + 1;
        itemsFetchedInSegment = 0;
      }
      controller.release(); // fetching is over: the job's other tasks get this share
      if (!closed) {
        pages.put(END);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      if (!closed) {
        pages.clear();
        pages.offer(t);
      }
    } finally {
      controller.release();
    }
  }

  /** One page of results, from a Scan or a Query. */
  private static final class Page {
    final List<Map<String, AttributeValue>> items;
    final Double units;
    final Map<String, AttributeValue> lastKey;

    final int scanned;

    Page(List<Map<String, AttributeValue>> items, Double units, Map<String, AttributeValue> lastKey,
        Integer scanned) {
      this.items = items;
      this.units = units;
      this.scanned = scanned != null ? scanned : items.size();
      this.lastKey = lastKey != null && !lastKey.isEmpty() ? lastKey : null;
    }
  }

  private void fetchSegment(int segment) throws InterruptedException {
    KeyQuery query = split.query();
    String what = query != null
        ? "Query of table '" + split.tableName() + "' (" + query.keyCondition() + ") at " + target
        : "Scan of table '" + split.tableName() + "' (segment " + segment + " of " + split.totalSegments()
            + ") at " + target;
    Map<String, AttributeValue> startKey = null;
    do {
      refresher.maybeRefresh();
      controller.beforeRequest();
      int limit = pageLimit();
      if (itemLimit >= 0 && filter() == null) {
        // Limit counts the items read before the filter: with a filter, the full page size finds the
        // wanted items in fewer requests; without, no page reads more than is still wanted
        limit = (int) Math.max(1, Math.min(limit, itemLimit - itemsFetched));
      }
      double estimate = estimateUnits(limit);
      metrics.waited(limiter.acquire(estimate));
      pagesRequested++;
      Map<String, AttributeValue> from = startKey;
      Page page;
      ItemPages.Slot slot = new ItemPages.Slot();
      if (query != null) {
        QueryRequest request = query(query, limit, from, slot);
        QueryResponse r = retrier.call(what, () -> client.query(request));
        page = new Page(counting ? List.of() : slot.itemsOr(r.items()),
            r.consumedCapacity() == null ? null : r.consumedCapacity().capacityUnits(),
            r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null, r.scannedCount());
        counted += counting && r.count() != null ? r.count() : 0;
      } else {
        ScanRequest request = scan(segment, limit, from, slot);
        ScanResponse r = retrier.call(what, () -> client.scan(request));
        page = new Page(counting ? List.of() : slot.itemsOr(r.items()),
            r.consumedCapacity() == null ? null : r.consumedCapacity().capacityUnits(),
            r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null, r.scannedCount());
        counted += counting && r.count() != null ? r.count() : 0;
      }
      List<Map<String, AttributeValue>> items = page.items;
      if (itemLimit >= 0 && items.size() > itemLimit - itemsFetched) {
        items = items.subList(0, (int) (itemLimit - itemsFetched)); // Limit makes this rare: never deliver more
      }
      itemsFetched += items.size();
      double units = counting && page.units == null
          // no figure from the service and no items to size: charge the scanned items at the known size
          ? Math.max(0.5, Math.ceil(page.scanned * avgItemBytes / 4096.0) * blockUnits())
          : consumed(page.units, page.items);
      if (page.units != null && page.scanned > 0) {
        // a page is charged in whole blocks (4 KB; at least one): take off half a block, or a small page
        // would make every item look as dear as the block minimum and keep the pages small for good
        costedUnits += Math.max(units - blockUnits() / 2, units / 4);
        costedScanned += page.scanned;
      }
      limiter.settle(estimate, units);
      metrics.read(items.size(), Math.round(avgItemBytes * items.size()), units);
      itemsFetchedInSegment += counting ? page.scanned : items.size();
      if (!items.isEmpty()) {
        pages.put(items);
      }
      startKey = page.lastKey;
    } while (startKey != null && !closed && !enough());
  }

  /** Whether the split already has the items its limit allows. */
  private boolean enough() {
    return itemLimit >= 0 && itemsFetched >= itemLimit;
  }

  private ScanRequest scan(int segment, int limit, Map<String, AttributeValue> startKey, ItemPages.Slot slot) {
    ScanRequest.Builder b = ScanRequest.builder().tableName(split.tableName())
        .segment(segment).totalSegments(split.totalSegments())
        .consistentRead(settings.consistent())
        .indexName(settings.indexName())
        .limit(limit)
        .exclusiveStartKey(startKey)
        .projectionExpression(projection())
        .filterExpression(filter())
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (counting) {
      b.select(Select.COUNT);
    } else if (!settings.sdkUnmarshalling()) {
      b.overrideConfiguration(ItemPages.into(slot));
    }
    Map<String, String> names = names();
    Map<String, AttributeValue> values = values();
    if (!names.isEmpty()) {
      b.expressionAttributeNames(names);
    }
    if (!values.isEmpty()) {
      b.expressionAttributeValues(values);
    }
    return b.build();
  }

  private QueryRequest query(KeyQuery q, int limit, Map<String, AttributeValue> startKey, ItemPages.Slot slot) {
    QueryRequest.Builder b = QueryRequest.builder().tableName(split.tableName())
        .indexName(q.indexName() != null ? q.indexName() : settings.indexName())
        .keyConditionExpression(q.keyCondition())
        .consistentRead(settings.consistent())
        .limit(limit)
        .exclusiveStartKey(startKey)
        .projectionExpression(projection())
        .filterExpression(filter())
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (counting) {
      b.select(Select.COUNT);
    } else if (!settings.sdkUnmarshalling()) {
      b.overrideConfiguration(ItemPages.into(slot));
    }
    Map<String, String> names = new java.util.LinkedHashMap<>(names());
    names.putAll(q.names());
    Map<String, AttributeValue> values = new java.util.LinkedHashMap<>(values());
    values.putAll(q.values());
    if (!names.isEmpty()) {
      b.expressionAttributeNames(names);
    }
    if (!values.isEmpty()) {
      b.expressionAttributeValues(values);
    }
    return b.build();
  }

  // the plan's expressions, carried by the split, take the place of the settings' (they include them)
  private String projection() {
    return counting ? null : split.expressions() != null ? split.expressions().projection() : settings.projection();
  }

  private String filter() {
    return split.expressions() != null ? split.expressions().filter() : settings.filter();
  }

  private Map<String, String> names() {
    return split.expressions() != null ? split.expressions().names() : settings.names();
  }

  private Map<String, AttributeValue> values() {
    return split.expressions() != null ? split.expressions().values() : settings.values();
  }

  /** The index this split reads: a GSI's own capacity paces it. */
  private String indexName() {
    return split.query() != null && split.query().indexName() != null ? split.query().indexName()
        : settings.indexName();
  }

  private double unitBytes() {
    return settings.consistent() ? 4096 : 8192;
  }

  /**
   * Capacity units one scanned item costs: what the service charged per item it scanned so far (a
   * projection or a filter makes the returned items smaller than what is paid for), or, before the first
   * charged page, the item size over the bytes one unit reads.
   */
  double unitsPerItem() {
    if (costedScanned > 0 && costedUnits > 0) {
      return costedUnits / costedScanned;
    }
    return Math.max(1, avgItemBytes) / unitBytes();
  }

  /**
   * Items per page (the {@code Limit}, which counts scanned items) so that one page costs about half a
   * second of this task's rate (the first page a tenth: it is paid for before it is sent, and a new task
   * should start at once), and the returned items fit the page memory cap.
   */
  int pageLimit() {
    double allowedUnits = Math.max(0.5, limiter.rate() * (pagesRequested == 0 ? 0.1 : 0.5));
    long byCost = (long) (allowedUnits / unitsPerItem());
    // a count holds no items (and sees none to size): only the service's 1 MB a page bounds it
    long byMemory = counting ? Long.MAX_VALUE : (long) (PAGE_BYTES_CAP / Math.max(1, avgItemBytes));
    int limit = (int) Math.max(1, Math.min(Math.min(byCost, byMemory), Integer.MAX_VALUE));
    Integer cap = settings.pageLimit();
    return cap == null ? limit : Math.min(limit, cap);
  }

  /** What a page of {@code limit} items is expected to cost (the service reads at most 1 MB a page). */
  private double estimateUnits(int limit) {
    double onePageMax = Math.ceil((double) MAX_PAGE_BYTES / 4096) * blockUnits();
    return Math.max(0.5, Math.min(onePageMax, limit * unitsPerItem()));
  }

  /** Units one 4 KB block of a read costs: 1 strongly consistent, 0.5 eventually consistent. */
  private double blockUnits() {
    return settings.consistent() ? 1 : 0.5;
  }

  private double consumed(Double reportedUnits, List<Map<String, AttributeValue>> items) {
    boolean reported = reportedUnits != null;
    if (sizedItems < SIZE_SAMPLE_ITEMS || !reported) {
      long bytes = 0;
      for (Map<String, AttributeValue> item : items) {
        bytes += ItemSize.bytes(item);
      }
      if (sizedItems < SIZE_SAMPLE_ITEMS && !items.isEmpty()) {
        sizedItems += items.size();
        sizedBytes += bytes;
        avgItemBytes = Math.max(1, (double) sizedBytes / sizedItems);
      }
      if (!reported) {
        return Math.max(0.5, Math.ceil(bytes / 4096.0) * blockUnits());
      }
    }
    return reportedUnits;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext()) {
      if (finished) {
        return false;
      }
      Object next;
      try {
        next = pages.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DynamoDBConnectorException("Interrupted while reading table '" + split.tableName() + "'", e);
      }
      if (next == END) {
        finished = true;
        return false;
      }
      if (next instanceof Throwable) {
        finished = true;
        Throwable t = (Throwable) next;
        if (t instanceof RuntimeException) {
          throw (RuntimeException) t;
        }
        throw new DynamoDBConnectorException("Reading table '" + split.tableName() + "' failed: " + t, t);
      }
      @SuppressWarnings("unchecked")
      List<Map<String, AttributeValue>> page = (List<Map<String, AttributeValue>>) next;
      current = page.iterator();
    }
    return true;
  }

  @Override
  public Map<String, AttributeValue> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    itemsDelivered++;
    return current.next();
  }

  public long itemsDelivered() {
    return itemsDelivered;
  }

  /** Whether this split counts items ({@code Select=COUNT}) instead of returning them. */
  public boolean counting() {
    return counting;
  }

  /**
   * The split's number of items under a pushed count: waits until every page is fetched (this reader
   * returns no items then) and throws what the fetch failed with.
   */
  public long count() {
    if (!counting) {
      throw new IllegalStateException("the split of table '" + split.tableName() + "' returns items, not a count");
    }
    while (hasNext()) {
      next();
    }
    return counted;
  }

  /** Fraction of the split done: finished segments plus an estimate within the current one. */
  public float progress() {
    if (finished) {
      return 1f;
    }
    int n = split.segmentCount();
    double perSegment = split.estimatedItems() > 0 ? (double) split.estimatedItems() / n : 0;
    double within = perSegment > 0 ? Math.min(0.99, itemsFetchedInSegment / perSegment) : 0;
    return (float) Math.min(0.99, (segmentsDone + within) / n);
  }

  public RateLimiter limiter() {
    return limiter;
  }

  public RateController controller() {
    return controller;
  }

  @Override
  public void close() {
    closed = true;
    controller.close();
    fetcher.interrupt();
    pages.clear();
    try {
      fetcher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.ddbconnector.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Shard;

class StreamPositionTest {

  private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-11-29T06:00:00.000";

  @Test
  void jsonRoundTripsEveryShardState() {
    StreamPosition p = new StreamPosition(ARN, Map.of(
        "shardId-00000001", new StreamPosition.Shard("000000000000000000101", true),
        "shardId-00000002", new StreamPosition.Shard(null, false),
        "shardId-00000003", new StreamPosition.Shard("000000000000000000207", false)));
    assertEquals(p, StreamPosition.parse(p.json()));
    assertEquals(new StreamPosition(ARN, Map.of()), StreamPosition.parse(new StreamPosition(ARN, Map.of()).json()));
    assertEquals("{\"stream\":\"" + ARN + "\",\"shards\":{\"s-1\":{\"after\":null,\"done\":true}}}",
        new StreamPosition(ARN, Map.of("s-1", new StreamPosition.Shard(null, true))).json());
  }

  @Test
  void somethingElseIsRefusedNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StreamPosition.parse("{\"stream\":\"a\",\"shards\":{\"s\":{\"after\":1}}}"));
    assertEquals(true, e.getMessage().contains("Not a DynamoDB stream position"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StreamPosition.parse("{}"));
  }

  @Test
  void lineagePutsEveryShardAfterItsParent() {
    Shard root = Shard.builder().shardId("c").build();
    Shard child1 = Shard.builder().shardId("a").parentShardId("c").build();
    Shard child2 = Shard.builder().shardId("b").parentShardId("c").build();
    Shard grandchild = Shard.builder().shardId("0").parentShardId("a").build();
    Shard orphan = Shard.builder().shardId("z").parentShardId("trimmed-long-ago").build();
    List<Shard> ordered = StreamReader.lineage(List.of(grandchild, child2, orphan, child1, root));
    List<String> ids = ordered.stream().map(Shard::shardId).toList();
    assertEquals(5, ids.size());
    assertEquals(true, ids.indexOf("c") < ids.indexOf("a") && ids.indexOf("c") < ids.indexOf("b")
        && ids.indexOf("a") < ids.indexOf("0"), ids.toString());
  }
}

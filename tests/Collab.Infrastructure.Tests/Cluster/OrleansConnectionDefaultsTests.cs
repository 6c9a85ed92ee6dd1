using Collab.Infrastructure.Storage.Postgres;
using Npgsql;

namespace Collab.Infrastructure.Tests.Cluster;

/// <summary>The connection string cluster mode hands to Orleans' ADO.NET providers (issue #17: one statement per write).</summary>
public sealed class OrleansConnectionDefaultsTests
{
    [Fact]
    public void Orleans_pool_gets_no_reset_on_close_auto_prepare_a_pool_limit_and_utc()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresSchemaBootstrap.ForOrleans("Host=db;Username=collab;Password=secret;Database=collab"));

        Assert.True(built.NoResetOnClose);
        Assert.Equal(PostgresSchemaBootstrap.DefaultOrleansAutoPrepare, built.MaxAutoPrepare);
        Assert.Equal(PostgresSchemaBootstrap.DefaultOrleansPoolSize, built.MaxPoolSize);
        Assert.Equal("UTC", built.Timezone);
        Assert.Equal("secret", built.Password);
    }

    [Fact]
    public void What_the_operator_set_in_the_connection_string_is_kept()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresSchemaBootstrap.ForOrleans(
            "Host=db;Username=collab;No Reset On Close=false;Max Auto Prepare=0;Maximum Pool Size=50"));

        Assert.False(built.NoResetOnClose);
        Assert.Equal(0, built.MaxAutoPrepare);
        Assert.Equal(50, built.MaxPoolSize);
    }
}
